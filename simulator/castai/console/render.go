package console

import (
	"html/template"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui"
)

// page is what every template receives: the common frame and who is signed
// in.
type page struct {
	webui.Frame
	Me *castai.Me
}

var funcs = template.FuncMap{
	"when": webui.When("Jan 2, 2006 15:04"),
	"initials": func(name string) string {
		var out []rune
		for _, w := range strings.Fields(name) {
			out = append(out, []rune(strings.ToUpper(w))[0])
			if len(out) == 2 {
				break
			}
		}
		return string(out)
	},
}

// pageFor adds the signed-in owner, when requireSignIn found one, to a
// page's frame.
func pageFor(c *gin.Context, f webui.Frame) any {
	p := page{Frame: f}
	if v, found := c.Get(meKey); found {
		p.Me = v.(*castai.Me)
	}
	return p
}

// failed reports an API error as castsim words it.
func failed(err error) webui.Flash { return webui.Failed(err.Error()) }

// at builds a console path from segments, escaping each.
func at(segments ...string) string { return webui.Path(Prefix, segments...) }
