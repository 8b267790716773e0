"""One colour per quality area, used by every chart so areas are recognisable everywhere."""

AREA_COLORS = {"AQ": "#1f6f8b", "RQ": "#e07a1f", "EQ": "#3a9d5d"}
FONT = "Source Sans Pro, Arial, sans-serif"

