package scimclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors, compared with errors.Is.
var (
	// ErrConflict: the target answered 409 (on create: the resource exists).
	ErrConflict = errors.New("conflict")
	// ErrNotFound: the target answered 404.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: the target answered 401 or 403.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrRateLimited: the target kept answering 429 until Okta gave up.
	ErrRateLimited = errors.New("rate limited")
	// ErrEmptyResponse: a create answered 2xx without a resource.
	ErrEmptyResponse = errors.New("empty response")
)

// RemoteError is a non-success answer of the target. Detail and ScimType
// come from the RFC 7644 §3.12 error body when the body is JSON; when it is
// not, NotJSON is set and Body holds the raw text (Okta's parser fails on such
// bodies, so Okta's task shows no remote detail).
type RemoteError struct {
	Method   string
	Path     string
	Status   int
	ScimType string
	Detail   string
	Body     string
	NotJSON  bool
	Attempts int // requests made, more than 1 after 429 retries
}

func (e *RemoteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Status == http.StatusTooManyRequests && e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	switch {
	case e.NotJSON:
		fmt.Fprintf(&b, ": response body is not JSON, which Okta's parser rejects: %q",
			truncate(e.Body, 200))
	case e.ScimType != "" && e.Detail != "":
		fmt.Fprintf(&b, ": %s: %s", e.ScimType, e.Detail)
	case e.Detail != "":
		fmt.Fprintf(&b, ": %s", e.Detail)
	case e.ScimType != "":
		fmt.Fprintf(&b, ": %s", e.ScimType)
	}
	return b.String()
}

// Is matches the sentinel errors by status.
func (e *RemoteError) Is(target error) bool {
	switch target {
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	}
	return false
}

// RemoteDetail is what Okta shows after "Errors reported by remote server:":
// the SCIM detail, else the scimType, else the status text.
func (e *RemoteError) RemoteDetail() string {
	switch {
	case e.NotJSON:
		return fmt.Sprintf("Unable to parse the response of the remote server (HTTP %d)", e.Status)
	case e.Detail != "":
		return e.Detail
	case e.ScimType != "":
		return e.ScimType
	}
	return http.StatusText(e.Status)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
