package castai

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// MaxListCount caps the count of one list page (advertised in
// ServiceProviderConfig as filter.maxResults).
const MaxListCount = 1000

// paging is the startIndex and count of a list request (RFC 7644 §3.4.2.4):
// startIndex is 1-based and values below 1 read as 1; a negative count reads
// as 0.
type paging struct {
	startIndex int
	count      int
}

func parsePaging(c *gin.Context) (paging, error) {
	p := paging{startIndex: scim.DefaultListStartIndex, count: scim.DefaultListCount}
	if v := c.Query("startIndex"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return p, invalidValue("startIndex %q is not an integer", v)
		}
		p.startIndex = max(n, 1)
	}
	if v := c.Query("count"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return p, invalidValue("count %q is not an integer", v)
		}
		p.count = min(max(n, 0), MaxListCount)
	}
	return p, nil
}

func listResponse(p paging, total int, items []resource) scim.ListResponse {
	raws := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		b, _ := marshalJSON(it)
		raws = append(raws, b)
	}
	return scim.ListResponse{
		Schemas:      []string{scim.SchemaListResponse},
		TotalResults: total,
		StartIndex:   p.startIndex,
		ItemsPerPage: len(raws),
		Resources:    raws,
	}
}

// ifMatch reads the If-Match header (RFC 7644 §3.14). 0 means "any
// version"; a value that is no version of ours never matches.
func ifMatch(c *gin.Context) int64 {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" || h == "*" {
		return 0
	}
	h = strings.TrimPrefix(h, "W/")
	n, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || n <= 0 {
		return -1
	}
	return n
}

func checkVersion(want, have int64) error {
	if want != 0 && want != have {
		return store.ErrPreconditionFailed
	}
	return nil
}

// readSCIMBody reads a request body of application/scim+json (RFC 7644
// §3.1) or application/json; a body without a Content-Type is read as JSON
// too. Other media types get 415, and a body that is not UTF-8 (RFC 8259
// §8.1) gets 400 before anything is decoded.
func readSCIMBody(c *gin.Context) ([]byte, error) {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/scim+json" && mt != "application/json") {
			return nil, scimError(http.StatusUnsupportedMediaType, "",
				fmt.Sprintf("Content-Type %q is not application/scim+json or application/json", ct))
		}
	}
	body, err := readBody(c)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, invalidSyntax("request body is empty")
	}
	if !utf8.Valid(body) {
		return nil, invalidSyntax("request body is not valid UTF-8")
	}
	return body, nil
}

func setResourceHeaders(c *gin.Context, location string, version int64) {
	c.Header("ETag", etag(version))
	c.Header("Location", location)
}

func conflictDetail(err error, what, value string) error {
	if errors.Is(err, store.ErrConflict) {
		return scimError(http.StatusConflict, scim.ErrUniqueness,
			what+" "+strconv.Quote(value)+" is already taken")
	}
	return err
}
