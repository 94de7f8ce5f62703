"""Every URL of the site tried by outsiders against the XA2 cell's data, with one module of cases per app."""
