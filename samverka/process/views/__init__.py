"""The process app's views, one module per part."""
