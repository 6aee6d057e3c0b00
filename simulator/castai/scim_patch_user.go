package castai

import (
	"encoding/json"
	"strings"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// applyUserPatch applies ops to u in order. Attributes castsim does not store
// are accepted and dropped (decision 6).
func (s *Server) applyUserPatch(u *store.User, ops []patchOp) error {
	for _, op := range ops {
		skip, err := readOnlyCheck(op, u.ID)
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		if err := s.applyUserOp(u, op); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) applyUserOp(u *store.User, op patchOp) error {
	t := op.target
	remove := op.op == scim.PatchOpRemove
	var err error
	switch t.ref.def.name {
	case "userName":
		if remove {
			return mutability("userName is required and cannot be removed")
		}
		var name string
		if name, err = jsonString("userName", op.value); err == nil && strings.TrimSpace(name) == "" {
			return invalidValue("userName must not be empty")
		}
		u.UserName = name
	case "displayName":
		u.DisplayName, err = stringOrRemove("displayName", op)
	case "externalId":
		u.ExternalID, err = stringOrRemove("externalId", op)
	case "active":
		if remove {
			return invalidValue("active cannot be removed; replace it with false")
		}
		u.Active, err = jsonBool("active", op.value)
	case "name":
		err = patchName(&u.Name, op)
	case "emails":
		u.Emails, err = patchEmails(u.Emails, op)
	case "title":
		if s.defects.on(DefectStoreTitle) {
			u.Title, err = stringOrRemove("title", op)
		}
	}
	return err
}

func stringOrRemove(attr string, op patchOp) (string, error) {
	if op.op == scim.PatchOpRemove {
		return "", nil
	}
	return jsonString(attr, op.value)
}

func patchName(n *scim.Name, op patchOp) error {
	sub := op.target.ref.sub
	if sub == "" {
		if op.op == scim.PatchOpRemove {
			*n = scim.Name{}
			return nil
		}
		obj, err := nestedObject(op.value, "name must be an object")
		if err != nil {
			return err
		}
		// RFC 7644 §3.5.2.3: sub-attributes not in the value stay as they are.
		return mergeName(n, obj)
	}
	val, err := stringOrRemove("name."+sub, op)
	if err != nil {
		return err
	}
	switch sub {
	case "givenName":
		n.GivenName = val
	case "familyName":
		n.FamilyName = val
	case "formatted":
		n.Formatted = val
	}
	return nil
}

func patchEmails(emails []scim.Email, op patchOp) ([]scim.Email, error) {
	t := op.target
	if t.filter != nil {
		return patchEmailsWhere(emails, op)
	}
	if t.ref.sub != "" {
		// emails.value without a filter: every element.
		if len(emails) == 0 && op.op != scim.PatchOpRemove {
			emails = []scim.Email{{}}
		}
		for i := range emails {
			if err := setEmailSub(&emails[i], t.ref.sub, op); err != nil {
				return nil, err
			}
		}
		return emails, nil
	}
	switch op.op {
	case scim.PatchOpRemove:
		if len(op.value) == 0 {
			return nil, nil
		}
		gone, err := decodeEmails(op.value)
		if err != nil {
			return nil, err
		}
		return removeEmails(emails, gone), nil
	case scim.PatchOpReplace:
		return decodeEmails(op.value)
	}
	added, err := decodeEmails(op.value)
	if err != nil {
		return nil, err
	}
	return addEmails(emails, added), nil
}

func setEmailSub(e *scim.Email, sub string, op patchOp) error {
	if op.op == scim.PatchOpRemove {
		return setEmailField(e, sub, json.RawMessage("null"))
	}
	return setEmailField(e, sub, op.value)
}

// patchEmailsWhere applies an operation to the emails matching a filter such
// as emails[type eq "work"]. An add or replace that matches nothing creates
// the element the filter describes when it is made of eq terms.
func patchEmailsWhere(emails []scim.Email, op patchOp) ([]scim.Email, error) {
	t := op.target
	var hit []int
	for i, e := range emails {
		if t.filterMatches(&userSchema, emailResource(e)) {
			hit = append(hit, i)
		}
	}
	if op.op == scim.PatchOpRemove {
		return removeEmailsAt(emails, hit, t.elemSub), nil
	}
	if len(hit) == 0 {
		terms, ok := eqTerms(t.filter)
		if !ok {
			return nil, noTarget("no email matches %q", t.text)
		}
		var e scim.Email
		for k, v := range terms {
			raw, _ := json.Marshal(v)
			if err := setEmailField(&e, k, raw); err != nil {
				return nil, err
			}
		}
		emails = append(emails, e)
		hit = []int{len(emails) - 1}
	}
	for _, i := range hit {
		var err error
		if t.elemSub != "" {
			err = setEmailSub(&emails[i], t.elemSub, op)
		} else {
			err = mergeEmail(&emails[i], op.value)
		}
		if err != nil {
			return nil, err
		}
	}
	return onePrimaryLast(emails, hit), nil
}

func removeEmailsAt(emails []scim.Email, hit []int, sub string) []scim.Email {
	drop := map[int]bool{}
	for _, i := range hit {
		drop[i] = true
	}
	out := emails[:0]
	for i, e := range emails {
		switch {
		case !drop[i]:
			out = append(out, e)
		case sub != "":
			_ = setEmailField(&e, sub, json.RawMessage("null"))
			out = append(out, e)
		}
	}
	return out
}

func removeEmails(emails, gone []scim.Email) []scim.Email {
	out := emails[:0]
	for _, e := range emails {
		keep := true
		for _, g := range gone {
			if strings.EqualFold(e.Value, g.Value) {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// addEmails merges added into emails: an address already there is updated,
// a new one appended (RFC 7644 §3.5.2.1).
func addEmails(emails, added []scim.Email) []scim.Email {
	var touched []int
	for _, a := range added {
		found := false
		for i := range emails {
			if strings.EqualFold(emails[i].Value, a.Value) {
				emails[i], found = a, true
				touched = append(touched, i)
			}
		}
		if !found {
			emails = append(emails, a)
			touched = append(touched, len(emails)-1)
		}
	}
	return onePrimaryLast(emails, touched)
}

// onePrimaryLast keeps one primary email, preferring one just written: a
// value set primary by this operation takes the flag from the others.
func onePrimaryLast(emails []scim.Email, touched []int) []scim.Email {
	for _, i := range touched {
		if emails[i].Primary {
			for j := range emails {
				emails[j].Primary = j == i
			}
			return emails
		}
	}
	return onePrimary(emails)
}
