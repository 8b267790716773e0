"""Tables on screen whose toolbar download cannot carry a formula.

Every ``st.dataframe`` has a toolbar button "download as CSV" that writes exactly the cells
shown, comma-separated, without any neutralising: a project named ``=HYPERLINK(…)`` would reach
a coordinator's spreadsheet as a live formula. :func:`show_table` shows a copy whose text cells
went through the same neutraliser as every file export (:func:`mintqo.io.tabular.display_safe`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from mintqo.io.tabular import display_safe


def show_table(data: Any, *, neutralised: bool = False, **kwargs: Any) -> Any:
    """``st.dataframe(data, **kwargs)`` with spreadsheet-safe text (``data`` is not changed).

    ``data``: a pandas DataFrame or Series, a pyarrow Table, or anything ``pd.DataFrame``
    accepts (list of dicts, dict of lists). Column names are neutralised as well; ``column_config``
    keys only differ for names that start with a formula character (none of ours do).
    ``neutralised=True`` says ``data`` already went through ``display_safe`` (a table cached
    after neutralising once): it is shown as it is, saving the conversion on every run.
    """
    if neutralised:
        return st.dataframe(data, **kwargs)
    if not _is_table(data):
        data = pd.DataFrame(data)
    return st.dataframe(display_safe(data), **kwargs)


def _is_table(data: Any) -> bool:
    if isinstance(data, pd.DataFrame | pd.Series):
        return True
    import pyarrow as pa

    return isinstance(data, pa.Table)
