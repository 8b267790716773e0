"""One colour per quality area, used by every chart so areas are recognisable everywhere."""

AREA_COLORS = {"AQ": "#1f6f8b", "RQ": "#e07a1f", "EQ": "#3a9d5d"}
AREA_ORDER = ("AQ", "RQ", "EQ")
FONT = "Source Sans Pro, Arial, sans-serif"


def area_color_scale_args() -> dict:
    """Arguments for ``alt.Scale`` mapping area names or ids to the palette."""
    return {"domain": list(AREA_COLORS), "range": list(AREA_COLORS.values())}
