package scim

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// scimType values of RFC 7644 §3.12, table 9.
const (
	ErrInvalidFilter = "invalidFilter"
	ErrTooMany       = "tooMany"
	ErrUniqueness    = "uniqueness"
	ErrMutability    = "mutability"
	ErrInvalidSyntax = "invalidSyntax"
	ErrInvalidPath   = "invalidPath"
	ErrNoTarget      = "noTarget"
	ErrInvalidValue  = "invalidValue"
	ErrInvalidVers   = "invalidVers"
	ErrSensitive     = "sensitive"
)

// Error is a SCIM protocol error (RFC 7644 §3.12). It is both a Go error and
// the response body: Status is rendered as a string, as the RFC requires.
type Error struct {
	Status   int
	ScimType string
	Detail   string
}

// Errorf returns a SCIM error with the given status and scimType.
func Errorf(status int, scimType, format string, args ...any) *Error {
	return &Error{Status: status, ScimType: scimType, Detail: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	if e.ScimType == "" {
		return fmt.Sprintf("scim %d: %s", e.Status, e.Detail)
	}
	return fmt.Sprintf("scim %d %s: %s", e.Status, e.ScimType, e.Detail)
}

type errorBody struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	ScimType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail,omitempty"`
}

// MarshalJSON renders the RFC 7644 §3.12 error body.
func (e *Error) MarshalJSON() ([]byte, error) {
	return json.Marshal(errorBody{
		Schemas:  []string{SchemaError},
		Status:   strconv.Itoa(e.Status),
		ScimType: e.ScimType,
		Detail:   e.Detail,
	})
}

// UnmarshalJSON reads an error body. Servers in the wild send status as a
// string (as the RFC says) or as a number; both are accepted.
func (e *Error) UnmarshalJSON(data []byte) error {
	var raw struct {
		Status   json.RawMessage `json:"status"`
		ScimType string          `json:"scimType"`
		Detail   string          `json:"detail"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("decode scim error: %w", err)
	}
	e.ScimType, e.Detail = raw.ScimType, raw.Detail
	e.Status = 0
	if len(raw.Status) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw.Status, &s) == nil {
		e.Status, _ = strconv.Atoi(s)
		return nil
	}
	var n int
	if json.Unmarshal(raw.Status, &n) == nil {
		e.Status = n
	}
	return nil
}
