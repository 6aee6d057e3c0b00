package castai

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"

	filter "github.com/scim2/filter-parser/v2"

	"github.com/idpsim/idpsim/scim"
)

// patchOp is one PATCH operation, normalised: op in lower case, path parsed
// and resolved against the resource's schema (RFC 7644 §3.5.2).
type patchOp struct {
	op       string
	target   patchTarget
	pathless bool // the attribute came from a key of a path-less value
	value    json.RawMessage
}

// patchTarget is what a PATCH path points at: an attribute, optionally a
// sub-attribute, or the elements of a multi-valued attribute matching a
// filter and optionally one of their sub-attributes.
type patchTarget struct {
	ref     attrRef
	filter  filter.Expression
	elemSub string
	text    string // the path as sent, for error messages
}

func noTarget(format string, args ...any) error {
	return scimError(http.StatusBadRequest, scim.ErrNoTarget, fmt.Sprintf(format, args...))
}

func invalidPath(format string, args ...any) error {
	return scimError(http.StatusBadRequest, scim.ErrInvalidPath, fmt.Sprintf(format, args...))
}

func mutability(format string, args ...any) error {
	return scimError(http.StatusBadRequest, scim.ErrMutability, fmt.Sprintf(format, args...))
}

// parsePatch reads a PATCH body into normalised operations. Path-less
// add and replace values are expanded to one operation per key, so dotted
// ("name.givenName") and URN-qualified keys work as Entra ID sends them.
func parsePatch(sd *schemaDef, body []byte) ([]patchOp, error) {
	var req scim.PatchRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, invalidSyntax("request body is not a PATCH request: %v", err)
	}
	if !slices.ContainsFunc(req.Schemas, func(v string) bool { return strings.EqualFold(v, scim.SchemaPatchOp) }) {
		return nil, invalidSyntax("schemas must name %s (RFC 7644 §3.5.2)", scim.SchemaPatchOp)
	}
	if len(req.Operations) == 0 {
		return nil, invalidSyntax("PATCH request has no Operations")
	}
	var ops []patchOp
	for i, raw := range req.Operations {
		op := strings.ToLower(strings.TrimSpace(raw.Op))
		switch op {
		case scim.PatchOpAdd, scim.PatchOpReplace, scim.PatchOpRemove:
		default:
			return nil, invalidSyntax("operation %d: op %q is not add, replace or remove", i+1, raw.Op)
		}
		more, err := expandOp(sd, op, strings.TrimSpace(raw.Path), raw.Value)
		if err != nil {
			return nil, err
		}
		ops = append(ops, more...)
	}
	return ops, nil
}

func expandOp(sd *schemaDef, op, path string, value json.RawMessage) ([]patchOp, error) {
	if path != "" {
		target, err := parseTarget(sd, path)
		if err != nil {
			return nil, err
		}
		if op != scim.PatchOpRemove && len(value) == 0 {
			return nil, invalidValue("%s of %q needs a value", op, path)
		}
		return []patchOp{{op: op, target: target, value: value}}, nil
	}
	if op == scim.PatchOpRemove {
		return nil, noTarget("remove needs a path (RFC 7644 §3.5.2.2)")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(value, &obj); err != nil {
		return nil, invalidSyntax("a %s without a path needs an object value", op)
	}
	return expandValue(sd, op, "", obj)
}

// expandValue turns the keys of a path-less value into operations. A key
// naming an extension schema holds an object of that schema's attributes.
func expandValue(sd *schemaDef, op, uri string, obj map[string]json.RawMessage) ([]patchOp, error) {
	var ops []patchOp
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		val := obj[key]
		if strings.EqualFold(key, "schemas") && uri == "" {
			continue
		}
		if uri == "" && sd.isExtensionURN(key) {
			var nested map[string]json.RawMessage
			if err := json.Unmarshal(val, &nested); err == nil {
				more, err := expandValue(sd, op, key, nested)
				if err != nil {
					return nil, err
				}
				ops = append(ops, more...)
				continue
			}
		}
		if strings.Contains(key, "[") && uri == "" {
			// Entra ID's aadOptscim062020 dialect puts filtered paths in keys.
			target, err := parseTarget(sd, key)
			if err != nil {
				return nil, err
			}
			ops = append(ops, patchOp{op: op, target: target, pathless: true, value: val})
			continue
		}
		kuri, name, sub := splitKey(key)
		if uri != "" {
			kuri = uri
		}
		ref, ok := sd.resolve(kuri, name, sub)
		if !ok {
			return nil, invalidPath("attribute %q exists in no schema of this service", key)
		}
		ops = append(ops, patchOp{
			op: op, target: patchTarget{ref: ref, text: key},
			pathless: true, value: val,
		})
	}
	return ops, nil
}

// valueEqPath matches the one path shape Okta sends once per leaving member,
// members[value eq "<id>"]. The parser library spends about a millisecond
// on such a path, which a 100-member PATCH would pay a hundred times, so this
// shape is read directly into the same syntax tree the library builds.
var valueEqPath = regexp.MustCompile(
	`^([A-Za-z][A-Za-z0-9_-]*)\[((?i)value) (?i:eq) "([^"\\]*)"\]$`)

func parsePath(raw string) (filter.Path, error) {
	if m := valueEqPath.FindStringSubmatch(raw); m != nil {
		return filter.Path{
			AttributePath: filter.AttributePath{AttributeName: m[1]},
			ValueExpression: &filter.AttributeExpression{
				AttributePath: filter.AttributePath{AttributeName: m[2]},
				Operator:      filter.EQ,
				CompareValue:  m[3],
			},
		}, nil
	}
	// A plain attribute path, such as Okta's "members", needs no grammar.
	if ap, ok := parseAttrPath(raw); ok {
		return filter.Path{AttributePath: ap}, nil
	}
	if err := checkGrammarInput(raw); err != nil {
		return filter.Path{}, fmt.Errorf("parse path: %w", err)
	}
	p, err := filter.ParsePath([]byte(raw))
	if err != nil {
		return filter.Path{}, fmt.Errorf("parse path: %w", err)
	}
	return p, nil
}

func parseTarget(sd *schemaDef, raw string) (patchTarget, error) {
	p, err := parsePath(raw)
	if err != nil {
		return patchTarget{}, invalidPath("path %q does not parse (RFC 7644 §3.5.2): %v", clip(raw), err)
	}
	ap := p.AttributePath
	ref, ok := sd.resolve(ap.URI(), ap.AttributeName, ap.SubAttributeName())
	if !ok {
		return patchTarget{}, invalidPath("path %q names an attribute that exists in no schema "+
			"of this service", raw)
	}
	t := patchTarget{ref: ref, filter: p.ValueExpression, text: raw}
	if p.ValueExpression == nil {
		return t, nil
	}
	if !ref.def.multi || ref.sub != "" {
		return patchTarget{}, invalidPath("path %q filters %s, which is not multi-valued", raw,
			ref.def.name)
	}
	if err := checkFilter(sd, ref.def, p.ValueExpression); err != nil {
		detail := err.Error()
		var se *scim.Error
		if errors.As(err, &se) {
			detail = se.Detail
		}
		return patchTarget{}, invalidPath("path %q: %s", raw, detail)
	}
	if p.SubAttribute != nil {
		sub, ok := ref.def.subs[strings.ToLower(*p.SubAttribute)]
		if !ok {
			return patchTarget{}, invalidPath("path %q: %s has no sub-attribute %q", raw,
				ref.def.name, *p.SubAttribute)
		}
		t.elemSub = sub.name
	}
	return t, nil
}

// readOnlyCheck refuses writes to read-only attributes (RFC 7644 §3.5.2:
// mutability), except that an id inside a path-less value equal to the
// resource's own id is ignored: Okta sends {"id","displayName"} to rename a
// group.
func readOnlyCheck(op patchOp, ownID string) (skip bool, err error) {
	if !op.target.ref.def.readOnly {
		return false, nil
	}
	if op.pathless && op.target.ref.def.name == "id" {
		if id, err := jsonString("id", op.value); err == nil && id == ownID {
			return true, nil
		}
	}
	return false, mutability("%s is read-only and cannot be changed", op.target.ref.def.name)
}

// filterMatches reports whether element el of a multi-valued attribute
// matches the target's value filter.
func (t patchTarget) filterMatches(sd *schemaDef, el resource) bool {
	return evaluator{sd: sd}.matchElement(t.filter, t.ref.def, el)
}

// eqTerms returns the attribute = value pairs of a filter made only of eq
// terms joined by and, so that an add through a filter that matches nothing
// can create the element it describes (Entra ID sends
// emails[type eq "work"].value for a user without a work email).
func eqTerms(expr filter.Expression) (map[string]string, bool) {
	switch x := expr.(type) {
	case *filter.AttributeExpression:
		v, ok := x.CompareValue.(string)
		if x.Operator != filter.EQ || !ok {
			return nil, false
		}
		return map[string]string{strings.ToLower(x.AttributePath.AttributeName): v}, true
	case *filter.LogicalExpression:
		if x.Operator != filter.AND {
			return nil, false
		}
		l, lok := eqTerms(x.Left)
		r, rok := eqTerms(x.Right)
		if !lok || !rok {
			return nil, false
		}
		for k, v := range r {
			l[k] = v
		}
		return l, true
	}
	return nil, false
}
