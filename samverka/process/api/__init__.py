"""The process app's api, one module per part."""
