package castai

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	filter "github.com/scim2/filter-parser/v2"

	"github.com/idpsim/idpsim/scim"
)

// parseFilter parses a filter of RFC 7644 §3.4.2.2 and checks that every
// attribute it names exists in sd. An empty filter is nil.
func parseFilter(sd *schemaDef, raw string) (filter.Expression, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	expr, err := parseFilterSyntax(raw)
	if err != nil {
		return nil, scimError(http.StatusBadRequest, scim.ErrInvalidFilter,
			fmt.Sprintf("filter %q does not parse as RFC 7644 §3.4.2.2: %v", clip(raw), err))
	}
	if err := checkFilter(sd, nil, expr); err != nil {
		return nil, err
	}
	return expr, nil
}

// parseFilterSyntax builds the expression of raw: the lookups Okta sends
// through parseEqFilter, every other filter through the generic grammar.
func parseFilterSyntax(raw string) (filter.Expression, error) {
	if expr, ok := parseEqFilter(raw); ok {
		return expr, nil
	}
	if err := checkGrammarInput(raw); err != nil {
		return nil, err
	}
	return filter.ParseFilter([]byte(raw))
}

// clip shortens a client's filter or path for an error detail.
func clip(raw string) string {
	const most = 120
	if len(raw) <= most {
		return raw
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return raw[:cut] + "…"
}

// Bounds of what goes to the generic grammar, whose cost grows by some 15 µs
// per character: far above any filter or PATCH path an IdP sends, far below
// what would let one request hold a CPU for long.
const (
	maxGrammarInput = 2048 // bytes
	maxGrammarDepth = 32   // nested parentheses and brackets
)

// checkGrammarInput refuses a filter or path over maxGrammarInput bytes or
// nested deeper than maxGrammarDepth, before the grammar spends time on it.
// Brackets and parentheses inside quoted values do not count.
func checkGrammarInput(raw string) error {
	if len(raw) > maxGrammarInput {
		return fmt.Errorf("%d bytes; at most %d are accepted", len(raw), maxGrammarInput)
	}
	depth, quoted, escaped := 0, false, false
	for i := range len(raw) {
		c := raw[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '[':
			depth++
			if depth > maxGrammarDepth {
				return fmt.Errorf("nested deeper than %d levels", maxGrammarDepth)
			}
		case c == ')' || c == ']':
			depth--
		}
	}
	return nil
}

// checkFilter resolves every attribute path of expr (inside a value path,
// against parent's sub-attributes) and decodes escaped quotes in values,
// which the parser leaves as sent.
func checkFilter(sd *schemaDef, parent *attrDef, expr filter.Expression) error {
	switch x := expr.(type) {
	case *filter.LogicalExpression:
		if err := checkFilter(sd, parent, x.Left); err != nil {
			return err
		}
		return checkFilter(sd, parent, x.Right)
	case *filter.NotExpression:
		return checkFilter(sd, parent, x.Expression)
	case *filter.ValuePath:
		ref, ok := sd.resolve(x.AttributePath.URI(), x.AttributePath.AttributeName, "")
		if !ok || !ref.def.multi {
			return unknownFilterAttr(x.AttributePath.String())
		}
		return checkFilter(sd, ref.def, x.ValueFilter)
	case *filter.AttributeExpression:
		if s, ok := x.CompareValue.(string); ok {
			x.CompareValue = unescape(s)
		}
		p := x.AttributePath
		if parent != nil {
			if _, ok := parent.subs[strings.ToLower(p.AttributeName)]; !ok || p.SubAttribute != nil {
				return unknownFilterAttr(p.String())
			}
			return nil
		}
		if _, ok := sd.resolve(p.URI(), p.AttributeName, p.SubAttributeName()); !ok {
			return unknownFilterAttr(p.String())
		}
	}
	return nil
}

func unknownFilterAttr(name string) error {
	return scimError(http.StatusBadRequest, scim.ErrInvalidFilter,
		fmt.Sprintf("filter names attribute %q, which this service does not know", name))
}

// filterUnescaper decodes the escaped quotes and backslashes of a filter
// value; built once, as building a Replacer costs more than using it.
var filterUnescaper = strings.NewReplacer(`\"`, `"`, `\\`, `\`)

// unescape decodes a filter value's escapes. The value is a JSON string
// (RFC 7644 §3.4.2.2 takes its grammar from RFC 7159), so \u0041 and \n
// count as well as \" and \\; a value JSON refuses keeps the quote and
// backslash decoding alone.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out string
	if json.Unmarshal([]byte(`"`+s+`"`), &out) == nil {
		return out
	}
	return filterUnescaper.Replace(s)
}

// evaluator decides whether a rendered resource matches a filter.
type evaluator struct {
	sd            *schemaDef
	exactUserName bool // the case-sensitive-username defect
}

func (e evaluator) match(expr filter.Expression, r resource) bool {
	switch x := expr.(type) {
	case nil:
		return true
	case *filter.LogicalExpression:
		if x.Operator == filter.AND {
			return e.match(x.Left, r) && e.match(x.Right, r)
		}
		return e.match(x.Left, r) || e.match(x.Right, r)
	case *filter.NotExpression:
		return !e.match(x.Expression, r)
	case *filter.ValuePath:
		ref, _ := e.sd.resolve(x.AttributePath.URI(), x.AttributePath.AttributeName, "")
		for _, el := range asList(r[ref.def.name]) {
			if m, ok := el.(resource); ok && e.matchElement(x.ValueFilter, ref.def, m) {
				return true
			}
		}
		return false
	case *filter.AttributeExpression:
		p := x.AttributePath
		ref, _ := e.sd.resolve(p.URI(), p.AttributeName, p.SubAttributeName())
		values := valuesAt(r[ref.def.name], ref.sub)
		return compareAll(values, x.Operator, x.CompareValue, e.exact(ref.def, ref.sub))
	}
	return false
}

// matchElement evaluates a value-path filter against one element of a
// multi-valued attribute.
func (e evaluator) matchElement(expr filter.Expression, def *attrDef, el resource) bool {
	switch x := expr.(type) {
	case *filter.LogicalExpression:
		if x.Operator == filter.AND {
			return e.matchElement(x.Left, def, el) && e.matchElement(x.Right, def, el)
		}
		return e.matchElement(x.Left, def, el) || e.matchElement(x.Right, def, el)
	case *filter.NotExpression:
		return !e.matchElement(x.Expression, def, el)
	case *filter.AttributeExpression:
		sub := def.subs[strings.ToLower(x.AttributePath.AttributeName)]
		var values []any
		if v, ok := el[sub.name]; ok {
			values = []any{v}
		}
		return compareAll(values, x.Operator, x.CompareValue, sub.caseExact)
	}
	return false
}

func (e evaluator) exact(def *attrDef, sub string) bool {
	if def.name == "userName" {
		return e.exactUserName
	}
	if sub == "" {
		return def.caseExact
	}
	return def.subs[strings.ToLower(sub)].caseExact
}

func asList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// valuesAt returns the values an attribute path reaches: the attribute
// itself, a sub-attribute, or a sub-attribute of every element. A
// multi-valued complex attribute without a sub-attribute compares its
// elements' "value" (RFC 7644 §3.4.2.2).
func valuesAt(v any, sub string) []any {
	list, multi := v.([]any)
	if !multi {
		if sub == "" {
			return asList(v)
		}
		m, _ := v.(resource)
		return asList(m[sub])
	}
	if sub == "" {
		sub = "value"
	}
	var out []any
	for _, el := range list {
		if m, ok := el.(resource); ok {
			if sv, ok := m[sub]; ok {
				out = append(out, sv)
			}
		}
	}
	return out
}

func compareAll(values []any, op filter.CompareOperator, want any, exact bool) bool {
	switch op {
	case filter.PR:
		for _, v := range values {
			if v != nil && v != "" {
				return true
			}
		}
		return false
	case filter.NE:
		return !compareAll(values, filter.EQ, want, exact)
	}
	if want == nil {
		return op == filter.EQ && len(values) == 0
	}
	for _, v := range values {
		if compare(v, op, want, exact) {
			return true
		}
	}
	return false
}

func compare(have any, op filter.CompareOperator, want any, exact bool) bool {
	switch w := want.(type) {
	case bool:
		h, ok := have.(bool)
		return ok && op == filter.EQ && h == w
	case int:
		return compareNumber(have, op, float64(w))
	case float64:
		return compareNumber(have, op, w)
	case string:
		h, ok := have.(string)
		if !ok {
			return false
		}
		return compareString(h, op, w, exact)
	}
	return false
}

func compareNumber(have any, op filter.CompareOperator, w float64) bool {
	var h float64
	switch v := have.(type) {
	case int:
		h = float64(v)
	case int64:
		h = float64(v)
	case float64:
		h = v
	default:
		return false
	}
	return ordered(op, cmpFloat(h, w))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareString(h string, op filter.CompareOperator, w string, exact bool) bool {
	if !exact {
		h, w = strings.ToLower(h), strings.ToLower(w)
	}
	switch op {
	case filter.EQ:
		return h == w
	case filter.CO:
		return strings.Contains(h, w)
	case filter.SW:
		return strings.HasPrefix(h, w)
	case filter.EW:
		return strings.HasSuffix(h, w)
	}
	// Ordering: dateTime values compare as instants (RFC 7644 §3.4.2.2).
	ht, herr := time.Parse(time.RFC3339Nano, h)
	wt, werr := time.Parse(time.RFC3339Nano, strings.ToUpper(w))
	if herr == nil && werr == nil {
		return ordered(op, ht.Compare(wt))
	}
	return ordered(op, strings.Compare(h, w))
}

func ordered(op filter.CompareOperator, c int) bool {
	switch op {
	case filter.EQ:
		return c == 0
	case filter.GT:
		return c > 0
	case filter.GE:
		return c >= 0
	case filter.LT:
		return c < 0
	case filter.LE:
		return c <= 0
	}
	return false
}

// indexedEq returns the value of an "attr eq value" term on name that must
// hold for expr to match, if there is one: the term itself, or a term of an
// "and". Lookups by userName, externalId and displayName use it to go through
// the store's indexes instead of a scan.
func indexedEq(expr filter.Expression, name string) (string, bool) {
	switch x := expr.(type) {
	case *filter.AttributeExpression:
		p := x.AttributePath
		v, isString := x.CompareValue.(string)
		if x.Operator == filter.EQ && isString && p.SubAttribute == nil &&
			strings.EqualFold(p.AttributeName, name) && !strings.Contains(p.URI(), "extension") {
			return v, true
		}
	case *filter.LogicalExpression:
		if x.Operator == filter.AND {
			if v, ok := indexedEq(x.Left, name); ok {
				return v, true
			}
			return indexedEq(x.Right, name)
		}
	}
	return "", false
}
