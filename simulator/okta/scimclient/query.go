package scimclient

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/idpsim/idpsim/scim"
)

// listCount is the page size of every list Okta sends (OKTA-WIRE.md, "Every
// request": lists use startIndex=1&count=100 and advance by 100).
const listCount = scim.DefaultListCount

// maxPages bounds a lookup that walks pages of a target ignoring the filter.
const maxPages = 50

// filterValueEscaper escapes backslashes and quotes as in a JSON string
// (RFC 7644 §3.4.2.2 compValue). A Replacer is safe for concurrent use, and
// building one per lookup allocated a table of 256 entries each time.
var filterValueEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// eqFilter returns `attr eq "value"` with the value escaped.
func eqFilter(attr, value string) string {
	return attr + ` eq "` + filterValueEscaper.Replace(value) + `"`
}

// encodeQueryValue percent-encodes v for a query, spaces as %20 (pct20) or
// as + (plus). Everything else follows url.QueryEscape, which matches the
// documented capture (`%22` for quotes, `%40` for @).
func encodeQueryValue(v, encoding string) string {
	q := url.QueryEscape(v)
	if encoding == FilterPlus {
		return q
	}
	// QueryEscape writes a literal + as %2B, so every + left is a space.
	return strings.ReplaceAll(q, "+", "%20")
}

// filterQuery is the query of a lookup page.
func (c *Client) filterQuery(attr, value string, startIndex int) string {
	return fmt.Sprintf("filter=%s&startIndex=%d&count=%d",
		encodeQueryValue(eqFilter(attr, value), c.cfg.FilterEncoding), startIndex, listCount)
}

// pageQuery is the query of an unfiltered list page.
func pageQuery(startIndex, count int) string {
	return fmt.Sprintf("startIndex=%d&count=%d", startIndex, count)
}
