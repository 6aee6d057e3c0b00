package webui

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// When returns a template function that shows a time.Time or *time.Time in
// UTC with layout: "—" for a zero time and "never" for a nil pointer.
func When(layout string) func(any) string {
	return func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format(layout)
		case *time.Time:
			if v == nil {
				return "never"
			}
			return v.UTC().Format(layout)
		}
		return fmt.Sprint(t)
	}
}

// Path builds a console path from prefix and segments, escaping each
// segment.
func Path(prefix string, segments ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteString("/")
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// SafeNext keeps a post-sign-in target inside the console under prefix, so
// the sign-in form cannot be used to send a browser elsewhere.
func SafeNext(prefix, next string) string {
	if !strings.HasPrefix(next, prefix+"/") || strings.HasPrefix(next, "//") ||
		strings.Contains(next, "\\") {
		return prefix + "/"
	}
	return next
}
