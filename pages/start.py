from mintqo.ui.start import render_start_page

render_start_page()
