"""Pages of the incidents app: reports, taxonomy, reporting rounds and imports."""
