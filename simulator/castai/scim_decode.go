package castai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// object is a JSON object whose keys are folded to lower case: SCIM
// attribute names are case-insensitive (RFC 7643 §2.1).
type object map[string]json.RawMessage

func invalidSyntax(format string, args ...any) error {
	return scimError(http.StatusBadRequest, scim.ErrInvalidSyntax, fmt.Sprintf(format, args...))
}

func invalidValue(format string, args ...any) error {
	return scimError(http.StatusBadRequest, scim.ErrInvalidValue, fmt.Sprintf(format, args...))
}

// decodeObject reads a resource body. Keys qualified by the core schema URN
// ("urn:…:core:2.0:User:userName") are read as the bare attribute.
func decodeObject(body []byte, urn string) (object, error) {
	raw, ok := splitObject(body)
	if !ok {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, invalidSyntax("request body is not a JSON object: %v", err)
		}
	}
	obj := make(object, len(raw))
	prefix := strings.ToLower(urn) + ":"
	for k, v := range raw {
		folded := strings.TrimPrefix(strings.ToLower(k), prefix)
		if _, twice := obj[folded]; twice {
			// Two spellings of one attribute: which one wins would depend
			// on map order, so neither does.
			return nil, invalidSyntax("attribute %q appears more than once "+
				"(attribute names are case-insensitive, RFC 7643 §2.1)", folded)
		}
		obj[folded] = v
	}
	return obj, nil
}

// requireSchema checks that a body's schemas attribute (REQUIRED, RFC 7643
// §3) is a list of strings naming urn, the resource type's core schema.
func requireSchema(raw json.RawMessage, urn string) error {
	if isNull(raw) {
		return invalidSyntax("schemas is required and must name %s", urn)
	}
	var schemas []string
	if err := json.Unmarshal(raw, &schemas); err != nil {
		return invalidSyntax("schemas must be a list of schema URNs")
	}
	if !slices.ContainsFunc(schemas, func(v string) bool { return strings.EqualFold(v, urn) }) {
		return invalidValue("schemas %q does not name %s", schemas, urn)
	}
	return nil
}

// rawElements reads the elements of a JSON array; anything else is an error.
func rawElements(raw json.RawMessage) ([]json.RawMessage, error) {
	if items, ok := splitArray(raw); ok {
		return items, nil
	}
	var items []json.RawMessage
	err := json.Unmarshal(raw, &items)
	return items, err
}

// nestedObject reads a sub-object such as name, an email or a member;
// anything but a JSON object is refused with notObject, and an object that
// names one attribute twice with decodeObject's error.
func nestedObject(raw json.RawMessage, notObject string) (object, error) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return nil, invalidValue("%s", notObject)
	}
	// raw comes from a body that parsed, so an object fails here only by
	// naming an attribute twice.
	return decodeObject(raw, "")
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func jsonString(attr string, raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	if s, ok := rawString(raw); ok {
		return s, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidValue("%s must be a string", attr)
	}
	return s, nil
}

// jsonBool reads a boolean; Entra ID sends booleans as the strings "True"
// and "False", which are accepted too.
func jsonBool(attr string, raw json.RawMessage) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, invalidValue("%s must be a boolean", attr)
}

func (o object) string(attr string) (string, error) {
	return jsonString(attr, o[strings.ToLower(attr)])
}

func decodeName(raw json.RawMessage) (scim.Name, error) {
	var n scim.Name
	if isNull(raw) {
		return n, nil
	}
	obj, err := nestedObject(raw, "name must be an object")
	if err != nil {
		return n, err
	}
	if err := mergeName(&n, obj); err != nil {
		return n, err
	}
	return n, nil
}

// mergeName sets the name sub-attributes present in obj; others stay.
func mergeName(n *scim.Name, obj object) error {
	fields := map[string]*string{
		"givenname": &n.GivenName, "familyname": &n.FamilyName, "formatted": &n.Formatted,
	}
	for key, dst := range fields {
		raw, ok := obj[key]
		if !ok {
			continue
		}
		v, err := jsonString("name."+key, raw)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

func decodeEmails(raw json.RawMessage) ([]scim.Email, error) {
	if isNull(raw) {
		return nil, nil
	}
	items, err := rawElements(raw)
	if err != nil {
		// A single object where an array belongs is read as one element.
		items = []json.RawMessage{raw}
	}
	out := make([]scim.Email, 0, len(items))
	for _, item := range items {
		var e scim.Email
		if err := mergeEmail(&e, item); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return onePrimary(out), nil
}

// mergeEmail sets the email sub-attributes present in raw.
func mergeEmail(e *scim.Email, raw json.RawMessage) error {
	obj, err := nestedObject(raw, "an email must be an object with value, type and primary")
	if err != nil {
		return err
	}
	for key, val := range obj {
		if err := setEmailField(e, key, val); err != nil {
			return err
		}
	}
	return nil
}

func setEmailField(e *scim.Email, key string, val json.RawMessage) error {
	var err error
	switch strings.ToLower(key) {
	case "value":
		e.Value, err = jsonString("emails.value", val)
	case "type":
		e.Type, err = jsonString("emails.type", val)
	case "display":
		e.Display, err = jsonString("emails.display", val)
	case "primary":
		if isNull(val) {
			e.Primary = false
			return nil
		}
		e.Primary, err = jsonBool("emails.primary", val)
	}
	return err
}

// onePrimary keeps at most one primary email (RFC 7643 §2.4: "primary" may
// be true for one value only); the first one wins.
func onePrimary(emails []scim.Email) []scim.Email {
	seen := false
	for i := range emails {
		if emails[i].Primary {
			emails[i].Primary = !seen
			seen = true
		}
	}
	return emails
}

// decodeUser reads a POST or PUT body onto u. Read-only and unknown
// attributes are ignored (RFC 7644 §3.5.1), as are the attributes castsim
// does not store (decision 6). active keeps u's value when absent.
func (s *Server) decodeUser(body []byte, u *store.User) error {
	obj, err := decodeObject(body, scim.SchemaUser)
	if err != nil {
		return err
	}
	if err := requireSchema(obj["schemas"], scim.SchemaUser); err != nil {
		return err
	}
	if u.UserName, err = obj.string("userName"); err != nil {
		return err
	}
	if strings.TrimSpace(u.UserName) == "" {
		return invalidValue("userName is required and must not be empty")
	}
	if u.ExternalID, err = obj.string("externalId"); err != nil {
		return err
	}
	if u.DisplayName, err = obj.string("displayName"); err != nil {
		return err
	}
	if u.Name, err = decodeName(obj["name"]); err != nil {
		return err
	}
	if u.Emails, err = decodeEmails(obj["emails"]); err != nil {
		return err
	}
	if raw, ok := obj["active"]; ok && !isNull(raw) {
		if u.Active, err = jsonBool("active", raw); err != nil {
			return err
		}
	}
	if s.defects.on(DefectStoreTitle) {
		if u.Title, err = obj.string("title"); err != nil {
			return err
		}
	}
	return nil
}

// decodeGroup reads a POST or PUT body. members is nil when the body has no
// members attribute, which a PUT reads as "leave the members as they are".
func decodeGroup(body []byte) (g store.Group, members []store.Member, err error) {
	obj, err := decodeObject(body, scim.SchemaGroup)
	if err != nil {
		return g, nil, err
	}
	if err := requireSchema(obj["schemas"], scim.SchemaGroup); err != nil {
		return g, nil, err
	}
	if g.DisplayName, err = obj.string("displayName"); err != nil {
		return g, nil, err
	}
	if strings.TrimSpace(g.DisplayName) == "" {
		return g, nil, invalidValue("displayName is required and must not be empty")
	}
	if g.ExternalID, err = obj.string("externalId"); err != nil {
		return g, nil, err
	}
	raw, ok := obj["members"]
	if !ok {
		return g, nil, nil
	}
	members, err = decodeMembers(raw)
	if members == nil && err == nil {
		members = []store.Member{}
	}
	return g, members, err
}

// decodeMembers reads a members value: an array of {value, display}, or one
// such object.
func decodeMembers(raw json.RawMessage) ([]store.Member, error) {
	if isNull(raw) {
		return nil, nil
	}
	items, err := rawElements(raw)
	if err != nil {
		items = []json.RawMessage{raw}
	}
	out := make([]store.Member, 0, len(items))
	for _, item := range items {
		obj, err := nestedObject(item, "a member must be an object with a value")
		if err != nil {
			return nil, err
		}
		id, err := obj.string("value")
		if err != nil || id == "" {
			return nil, invalidValue("every member needs a value: the id of a user")
		}
		display, err := obj.string("display")
		if err != nil {
			return nil, err
		}
		out = append(out, store.Member{UserID: id, Display: display})
	}
	return out, nil
}
