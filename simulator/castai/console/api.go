package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
)

// apiError is a non-2xx answer of the console API: its status and message.
type apiError struct {
	Status  int
	Message string
}

func (e *apiError) Error() string { return e.Message }

// call sends one in-process request to castsim's console API with the
// credentials of the browser behind c, and decodes a JSON answer into out.
func (con *Console) call(c *gin.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(c.Request.Context(), method, path, body)
	if err != nil {
		return fmt.Errorf("build %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	con.authorize(c, req)

	rec := newRecorder()
	con.api.ServeHTTP(rec, req)
	if rec.status >= http.StatusBadRequest {
		var e struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(rec.body.Bytes(), &e) != nil || e.Message == "" {
			e.Message = fmt.Sprintf("%s %s answered %d", method, path, rec.status)
		}
		return &apiError{Status: rec.status, Message: e.Message}
	}
	if out != nil && rec.body.Len() > 0 {
		if err := json.Unmarshal(rec.body.Bytes(), out); err != nil {
			return fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	return nil
}

// authorize copies the browser's credentials onto an API request: the
// owner key of a key session, or the SSO session cookie.
func (con *Console) authorize(c *gin.Context, req *http.Request) {
	if key, found := con.sessions.Get(c); found {
		req.Header.Set("X-API-Key", key)
		return
	}
	if ck, err := c.Request.Cookie(castai.SessionCookie); err == nil {
		req.AddCookie(ck)
	}
}

// recorder is a minimal in-memory http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// org is the path of the organization's console API resources.
func (con *Console) org(c *gin.Context, rest string) string {
	return "/v1/organizations/" + me(c).OrganizationID + rest
}
