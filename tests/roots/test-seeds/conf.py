extensions = ["myst_parser", "handbook"]
myst_title_to_header = True
html_theme = "furo"
handbook_site_url = "https://leadcraftr.com"
exclude_patterns = ["_build"]
