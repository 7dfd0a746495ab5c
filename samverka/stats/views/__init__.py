"""Pages of the statistics: overview, comparison, series, the import and areas' links."""
