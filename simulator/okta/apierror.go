package okta

import (
	"errors"
	"fmt"
	"net/http"
)

// Okta error codes used by the admin API (Okta's error code reference).
const (
	CodeValidation     = "E0000001"
	CodeBadRequestBody = "E0000003"
	CodeForbidden      = "E0000006"
	CodeNotFound       = "E0000007"
	CodeInternal       = "E0000009"
	CodeInvalidToken   = "E0000011"
	CodeAlreadyActive  = "E0000016"
	CodeBadMethod      = "E0000022"
	CodeBadStatus      = "E0000038"
	CodeRateLimited    = "E0000047"
	CodeAppNotInactive = "E0000056"
)

// APIError is an Okta Management API error. It is rendered once, by the
// server's error edge, in Okta's body shape.
type APIError struct {
	Status  int
	Code    string
	Summary string
	Causes  []string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("okta %s: %s", e.Code, e.Summary)
}

type apiErrorBody struct {
	ErrorCode    string       `json:"errorCode"`
	ErrorSummary string       `json:"errorSummary"`
	ErrorLink    string       `json:"errorLink"`
	ErrorID      string       `json:"errorId"`
	ErrorCauses  []errorCause `json:"errorCauses"`
}

type errorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

func (e *APIError) body() apiErrorBody {
	causes := make([]errorCause, 0, len(e.Causes))
	for _, c := range e.Causes {
		causes = append(causes, errorCause{ErrorSummary: c})
	}
	return apiErrorBody{
		ErrorCode:    e.Code,
		ErrorSummary: e.Summary,
		ErrorLink:    e.Code,
		ErrorID:      newID(prefixErrorID),
		ErrorCauses:  causes,
	}
}

func errValidation(causes ...string) *APIError {
	return &APIError{
		Status:  http.StatusBadRequest,
		Code:    CodeValidation,
		Summary: "Api validation failed: " + firstOr(causes, "request"),
		Causes:  causes,
	}
}

func errNotFoundResource(id, kind string) *APIError {
	return &APIError{
		Status:  http.StatusNotFound,
		Code:    CodeNotFound,
		Summary: fmt.Sprintf("Not found: Resource not found: %s (%s)", id, kind),
	}
}

func errBadBody(err error) *APIError {
	return &APIError{
		Status:  http.StatusBadRequest,
		Code:    CodeBadRequestBody,
		Summary: "The request body was not well-formed.",
		Causes:  []string{err.Error()},
	}
}

func errBodyTooLarge() *APIError {
	return &APIError{
		Status:  http.StatusRequestEntityTooLarge,
		Code:    CodeBadRequestBody,
		Summary: "The request body was not well-formed.",
		Causes:  []string{fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes)},
	}
}

func errBadStatus(op string) *APIError {
	return &APIError{
		Status:  http.StatusForbidden,
		Code:    CodeBadStatus,
		Summary: "This operation is not allowed in the current status.",
		Causes:  []string{op},
	}
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// asAPIError turns any error into the API error to render: typed errors
// pass through, store sentinels map to their codes, the rest is a 500.
func asAPIError(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return &APIError{
			Status: http.StatusNotFound, Code: CodeNotFound,
			Summary: "Not found: Resource not found: " + err.Error(),
		}
	case errors.Is(err, ErrConflict):
		return errValidation(err.Error())
	}
	return &APIError{
		Status: http.StatusInternalServerError, Code: CodeInternal,
		Summary: "Internal Server Error",
	}
}
