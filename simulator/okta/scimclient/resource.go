package scimclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/idpsim/idpsim/scim"
)

// Resource is a user or group as the target returned it.
type Resource struct {
	ID    string         // the target's id, which Okta stores as the external id
	Attrs map[string]any // the whole decoded resource
}

// String returns the attribute attr when it is a string.
func (r Resource) String(attr string) string {
	s, _ := r.Attrs[attr].(string)
	return s
}

// decodeResource reads a single resource body; it must be a JSON object
// with a non-empty string id.
func decodeResource(body []byte) (Resource, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return Resource{}, ErrEmptyResponse
	}
	attrs, err := decodeObject(body)
	if err != nil {
		return Resource{}, err
	}
	id, _ := attrs["id"].(string)
	if id == "" {
		return Resource{}, fmt.Errorf("resource without id: %w", ErrEmptyResponse)
	}
	return Resource{ID: id, Attrs: attrs}, nil
}

func decodeObject(body []byte) (map[string]any, error) {
	if m, ok := decodePlainObject(body); ok {
		return m, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode response: %w", err)
	}
	if m == nil {
		return nil, errors.New("decode response: not a JSON object")
	}
	return m, nil
}

// findIn returns the first resource of a list page whose attr equals value
// without regard to case (userName and displayName are caseExact=false,
// RFC 7643 §4.1.1 and §4.2), and the page's totalResults.
func findIn(body []byte, attr, value string) (Resource, bool, int, error) {
	var page scim.ListResponse
	if err := json.Unmarshal(body, &page); err != nil {
		return Resource{}, false, 0, fmt.Errorf("decode list response: %w", err)
	}
	for _, raw := range page.Resources {
		r, err := decodeResource(raw)
		if err != nil {
			continue
		}
		if v, _ := r.Attrs[attr].(string); strings.EqualFold(v, value) {
			return r, true, page.TotalResults, nil
		}
	}
	return Resource{}, false, page.TotalResults, nil
}
