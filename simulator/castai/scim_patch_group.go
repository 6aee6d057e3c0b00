package castai

import (
	"strings"

	filter "github.com/scim2/filter-parser/v2"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// groupPlan is a group PATCH turned into a store change: new values of the
// group's own attributes and membership steps in request order. Planning
// reads no members unless a filter other than value eq "…" must be matched,
// so that a membership PATCH costs in proportion to the members it names.
type groupPlan struct {
	displayName *string
	externalID  *string
	steps       []store.MemberStep
	snapshot    []store.Member // members, loaded on first need
}

func (s *Server) planGroupPatch(g store.Group, ops []patchOp) (*groupPlan, error) {
	plan := &groupPlan{}
	for _, op := range ops {
		skip, err := readOnlyCheck(op, g.ID)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		if err := s.planGroupOp(g, plan, op); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

func (s *Server) planGroupOp(g store.Group, plan *groupPlan, op patchOp) error {
	switch op.target.ref.def.name {
	case "displayName":
		if op.op == scim.PatchOpRemove {
			return mutability("displayName is required and cannot be removed")
		}
		name, err := jsonString("displayName", op.value)
		if err != nil {
			return err
		}
		if strings.TrimSpace(name) == "" {
			return invalidValue("displayName must not be empty")
		}
		plan.displayName = &name
	case "externalId":
		id, err := stringOrRemove("externalId", op)
		if err != nil {
			return err
		}
		plan.externalID = &id
	case "members":
		return s.planMembers(g, plan, op)
	}
	return nil
}

func (s *Server) planMembers(g store.Group, plan *groupPlan, op patchOp) error {
	t := op.target
	if t.ref.sub != "" || t.elemSub != "" {
		return invalidPath("path %q: members are added or removed whole; "+
			"their sub-attributes cannot be changed", t.text)
	}
	if t.filter != nil {
		if op.op != scim.PatchOpRemove {
			return invalidPath("path %q: a filtered members path can only be removed", t.text)
		}
		gone, err := s.matchMembers(g, plan, t)
		if err != nil {
			return err
		}
		plan.remove(s, gone)
		return nil
	}

	var members []store.Member
	if len(op.value) > 0 {
		var err error
		if members, err = decodeMembers(op.value); err != nil {
			return err
		}
	}
	switch op.op {
	case scim.PatchOpAdd:
		plan.steps = append(plan.steps, store.MemberStep{Op: store.MemberAdd, Members: members})
	case scim.PatchOpReplace:
		plan.steps = append(plan.steps, store.MemberStep{Op: store.MemberClear},
			store.MemberStep{Op: store.MemberAdd, Members: members})
	case scim.PatchOpRemove:
		// Entra ID removes with a value list: only those members go. Without
		// a value the whole attribute is removed (RFC 7644 §3.5.2.2).
		if len(op.value) == 0 || isNull(op.value) {
			if !s.defects.on(DefectIgnoreMemberRemove) {
				plan.steps = append(plan.steps, store.MemberStep{Op: store.MemberClear})
			}
			return nil
		}
		plan.remove(s, members)
	}
	return nil
}

// remove adds a removal step, unless the ignore-member-remove defect is on.
func (p *groupPlan) remove(s *Server, members []store.Member) {
	if s.defects.on(DefectIgnoreMemberRemove) || len(members) == 0 {
		return
	}
	p.steps = append(p.steps, store.MemberStep{Op: store.MemberRemove, Members: members})
}

// matchMembers returns the members a filtered path names. value eq "…" terms
// (Okta's members[value eq "id"]) are read directly; other filters are
// matched against the current members.
func (s *Server) matchMembers(g store.Group, plan *groupPlan,
	t patchTarget,
) ([]store.Member, error) {
	if ids, ok := valueIDs(t.filter); ok {
		out := make([]store.Member, len(ids))
		for i, id := range ids {
			out[i] = store.Member{UserID: id}
		}
		return out, nil
	}
	if plan.snapshot == nil {
		var err error
		if plan.snapshot, err = s.store.Members(g.ID); err != nil {
			return nil, err
		}
	}
	var out []store.Member
	for _, m := range plan.snapshot {
		el := resource{
			"value": m.UserID, "display": m.Display, "type": scim.MemberTypeUser,
			"$ref": s.location("Users", m.UserID),
		}
		if t.filterMatches(&groupSchema, el) {
			out = append(out, m)
		}
	}
	return out, nil
}

// valueIDs reads a filter made of value eq "…" terms joined by or.
func valueIDs(expr filter.Expression) ([]string, bool) {
	switch x := expr.(type) {
	case *filter.AttributeExpression:
		v, ok := x.CompareValue.(string)
		if x.Operator != filter.EQ || !ok || !strings.EqualFold(x.AttributePath.AttributeName, "value") {
			return nil, false
		}
		return []string{v}, true
	case *filter.LogicalExpression:
		if x.Operator != filter.OR {
			return nil, false
		}
		l, lok := valueIDs(x.Left)
		r, rok := valueIDs(x.Right)
		return append(l, r...), lok && rok
	}
	return nil, false
}
