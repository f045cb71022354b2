"""The report: its model, and its Markdown, JSON and HTML writers with SVG charts."""
