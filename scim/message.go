package scim

import "encoding/json"

// ListResponse is the body of a query answer (RFC 7644 §3.4.2). Resources is
// raw so that one type serves users, groups and partial projections.
type ListResponse struct {
	Schemas      []string          `json:"schemas"`
	TotalResults int               `json:"totalResults"`
	StartIndex   int               `json:"startIndex"`
	ItemsPerPage int               `json:"itemsPerPage"`
	Resources    []json.RawMessage `json:"Resources"`
}

// PatchRequest is the body of a PATCH (RFC 7644 §3.5.2).
type PatchRequest struct {
	Schemas    []string         `json:"schemas"`
	Operations []PatchOperation `json:"Operations"`
}

// PatchOperation is one operation of a PATCH. Op is kept as sent: IdPs send
// "add", "Add" and "ADD" alike, and the target compares without case.
// Value is raw because its shape depends on the path.
type PatchOperation struct {
	Op    string          `json:"op"`
	Path  string          `json:"path,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// NewPatch returns a PATCH request holding ops.
func NewPatch(ops ...PatchOperation) PatchRequest {
	return PatchRequest{Schemas: []string{SchemaPatchOp}, Operations: ops}
}
