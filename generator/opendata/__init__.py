"""Open data for journalists: tidy CSV files, the data package, the feed."""
