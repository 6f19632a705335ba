"""Loading input files into plain data, remembering where every value came from."""
