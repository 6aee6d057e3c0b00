package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/webui"
)

// page is what every template receives: the common frame and whether an
// admin is signed in.
type page struct {
	webui.Frame
	SignedIn bool
}

var funcs = template.FuncMap{
	"when":  webui.When("Jan 2, 2006 15:04:05 UTC"),
	"lower": strings.ToLower,
	"str":   func(v any) string { return fmt.Sprint(v) },
	// pretty indents a JSON body, keeping its keys in wire order.
	"pretty": func(body string) string {
		var out bytes.Buffer
		if json.Indent(&out, []byte(body), "", "  ") != nil {
			return body
		}
		return out.String()
	},
}

// pageFor adds whether the browser is signed in to a page's frame.
func (con *Console) pageFor(c *gin.Context, f webui.Frame) any {
	return page{Frame: f, SignedIn: con.signedIn(c)}
}

// failed reports an error in Okta's words.
func failed(err error) webui.Flash { return webui.Failed(summary(err)) }

// at builds a console path from segments, escaping each.
func at(segments ...string) string { return webui.Path(Prefix, segments...) }
