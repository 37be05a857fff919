"""Model → Markdown pages, inline SVG charts and the terminal report."""
