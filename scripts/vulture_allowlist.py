# ruff: noqa
"""Names vulture reports as unused that are used – by a library, the database or the tests.

The test command runs ``vulture mintqo app.py pages scripts/vulture_allowlist.py
--min-confidence 60``; a name that is really dead is removed from the code, not added here.
Each entry says who uses it. (Read by vulture only, never imported.)
"""

# Called by a library, not by our code
_.get_cookie  # authenticator_adapter: overrides of streamlit-authenticator's cookie model
_.set_cookie
_.stx  # authenticator_adapter: the library's cookie model makes its CookieManager through it
_.uses_pages_directory  # cli/serve.py: Streamlit reads it (no pages/ auto-discovery)
_.footer  # report_pdf: fpdf2 calls FPDF.footer() on every page
_.font  # openpyxl cell and sheet styles, read when the workbook is written
_.alignment
_.freeze_panes
_.data_type
_on_connect  # store/engine.py: SQLAlchemy event listeners (registered by decorator)
_on_begin
_.isolation_level  # sqlite3 connection attribute, set for SQLAlchemy's own BEGIN

# Read by the tests only
KINDS  # ui/element_warmup: tests/test_element_warmup.py checks it against Streamlit's build

# Database columns that no query names but the schema and backups hold
end_reason  # models/accounts.py: why a login session ended (logout, reset, disabled)
changed_at  # models/releases.py: when a data version last changed (operations)

# Fields of the accessibility allow-list: the test and the statement page read the YAML
selector
why
fix
pending_since

# Public API that the tests exercise directly (contract and verification helpers)
PINNED_VERSION  # tests/test_auth_adapter_contract.py: the adapter's library version
captcha_text  # tests/test_login_flow.py, tests/test_auth_adapter_contract.py
check_config_file  # tests/test_production_config.py: the shipped config file
table_summaries  # tests/test_backup.py: a store's rows against a backup
recomputed_initiative_scores  # tests/test_materialised_scores.py: released tables checked
stored_initiative_scores  # against a from-scratch computation
create_initiative  # store fixture of the store tests (the app creates them by invitation)
list_initiatives  # tests/test_erasure.py: which initiatives are left
_.iqr  # tests/test_team_statistics.py: the team's interquartile range (screens show std)
