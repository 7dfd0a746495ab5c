"""The process app's forms, one module per part."""
