"""The RDF layer: IRIs, the named graph of an article, the Oxigraph store and its lock, RDF
import/export, saved queries, remote SPARQL endpoints, push and SHACL validation."""
