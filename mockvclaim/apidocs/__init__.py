"""Documents generated from the operation table and the schemas for people and tools:
an OpenAPI 3.1 description and a Postman collection that signs its requests
(docs/interface.md §11)."""
