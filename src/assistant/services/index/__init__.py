"""The corpus index: chunking, the embedding, the Chroma store and its exact vectors, ingest, search and the
report records of `corpus list/show`. Nothing is imported here, so importing one module stays light."""
