"""Reading articles in and writing reports out: loading, metadata, reporting."""
