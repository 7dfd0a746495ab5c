"""The process app's serializers, one module per part."""
