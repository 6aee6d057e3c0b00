package castai

import (
	"strings"
	"unicode/utf8"

	filter "github.com/scim2/filter-parser/v2"
)

// parseEqFilter parses the one filter shape Okta sends on every lookup,
// attrPath SP "eq" SP string (RFC 7644 §3.4.2.2), into the expression the
// generic grammar builds for it, at a small fraction of its cost. It reports
// false for anything else, including strings with escapes, extra spaces and
// other operators or values, which are left to the grammar.
func parseEqFilter(raw string) (*filter.AttributeExpression, bool) {
	path, rest, ok := strings.Cut(raw, " ")
	if !ok || len(rest) < len(`eq ""`) || !strings.EqualFold(rest[:3], "eq ") {
		return nil, false
	}
	value := rest[3:]
	if len(value) < 2 || value[0] != '"' || value[len(value)-1] != '"' ||
		!plainString(value[1:len(value)-1]) {
		return nil, false
	}
	ap, ok := parseAttrPath(path)
	if !ok {
		return nil, false
	}
	return &filter.AttributeExpression{
		AttributePath: ap,
		Operator:      filter.EQ,
		CompareValue:  value[1 : len(value)-1],
	}, true
}

// parseAttrPath parses attrPath = [URI ":"] ATTRNAME ["." ATTRNAME]
// (RFC 7644 §3.10), where the URI is every colon-ended segment before the
// attribute name, as the grammar reads it. It reports false for anything
// else, a value path among them.
func parseAttrPath(s string) (filter.AttributePath, bool) {
	var ap filter.AttributePath
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		uri := s[:i]
		for seg := range strings.SplitSeq(uri, ":") {
			if seg == "" || strings.TrimFunc(seg, isURIChar) != "" {
				return ap, false
			}
		}
		ap.URIPrefix, s = &uri, s[i+1:]
	}
	name, sub, hasSub := strings.Cut(s, ".")
	if !isAttrName(name) || hasSub && !isAttrName(sub) {
		return ap, false
	}
	ap.AttributeName = name
	if hasSub {
		ap.SubAttribute = &sub
	}
	return ap, true
}

// isAttrName reports whether s is ATTRNAME = ["$"] ALPHA *(nameChar)
// (RFC 7643 §2.1 names, with the "$" of "$ref" that RFC 7644 §3.10 allows).
func isAttrName(s string) bool {
	s = strings.TrimPrefix(s, "$")
	if s == "" || !isAlpha(rune(s[0])) {
		return false
	}
	return strings.TrimFunc(s, isNameChar) == ""
}

// plainString reports whether s is a string body of only unescaped
// characters (RFC 7159 §7): valid UTF-8 without a quote, a backslash or a
// control character.
func plainString(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func isAlpha(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isNameChar(r rune) bool { return isAlpha(r) || isDigit(r) || r == '-' || r == '_' }

func isURIChar(r rune) bool { return isAlpha(r) || isDigit(r) || r == '-' || r == '.' }
