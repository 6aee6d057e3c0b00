package castai

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

func scimError(status int, scimType, detail string) *scim.Error {
	return &scim.Error{Status: status, ScimType: scimType, Detail: detail}
}

func scimInternal() *scim.Error {
	return scimError(http.StatusInternalServerError, "", "internal error; see the server log")
}

// toSCIMError maps any error to the RFC 7644 §3.12 error it answers with.
// Store sentinels become their HTTP statuses; anything unknown is a 500.
func toSCIMError(err error) *scim.Error {
	var se *scim.Error
	var me *store.MemberError
	switch {
	case errors.As(err, &se):
		return se
	case errors.As(err, &me):
		return scimError(http.StatusBadRequest, scim.ErrInvalidValue, me.Error())
	case errors.Is(err, errBodyTooLarge):
		return scimError(http.StatusRequestEntityTooLarge, scim.ErrTooMany,
			"request body is larger than 1 MiB")
	case errors.Is(err, store.ErrNotFound):
		return scimError(http.StatusNotFound, "", "resource not found")
	case errors.Is(err, store.ErrConflict):
		return scimError(http.StatusConflict, scim.ErrUniqueness, err.Error())
	case errors.Is(err, store.ErrPreconditionFailed):
		return scimError(http.StatusPreconditionFailed, "",
			"If-Match does not match the resource's current version")
	}
	return scimInternal()
}

// writeSCIMError renders err as a SCIM error body and aborts the request.
func writeSCIMError(c *gin.Context, err error) {
	se := toSCIMError(err)
	if se.Status >= http.StatusInternalServerError {
		if s, ok := c.Get(serverKey); ok {
			s.(*Server).log.Error("scim request failed", "path", c.Request.URL.Path, "err", err)
		}
	}
	body, _ := json.Marshal(se)
	c.Abort()
	c.Data(se.Status, scim.ContentType, body)
}

// writeSCIM renders v as a SCIM JSON body.
func writeSCIM(c *gin.Context, status int, v any) {
	body, err := marshalJSON(v)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	c.Data(status, scim.ContentType, body)
}
