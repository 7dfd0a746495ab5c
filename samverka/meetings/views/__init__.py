"""The HTML pages of the meetings app, one module per kind of page (see ``urls_pages``)."""
