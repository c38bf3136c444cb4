extensions = ["myst_parser", "handbook"]
myst_title_to_header = True
html_theme = "furo"
exclude_patterns = ["_build"]
