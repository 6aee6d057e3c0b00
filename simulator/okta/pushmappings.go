package okta

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// NewPushMapping describes a group push: to a new target group named
// TargetGroupName (linked instead when a group of that name exists), or
// linked to the target group TargetGroupID. Status defaults to ACTIVE.
type NewPushMapping struct {
	ID              string
	SourceGroupID   string
	TargetGroupName string
	TargetGroupID   string
	Status          string
}

func (s *Sim) getPushMapping(ctx context.Context, appID, id string) (PushMapping, error) {
	m, err := s.store.GetPushMapping(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && m.AppID != appID) {
		return PushMapping{}, errNotFoundResource(id, "GroupPushMapping")
	}
	return m, err
}

// CreatePushMapping starts pushing a group to an app's target.
func (s *Sim) CreatePushMapping(ctx context.Context, appID string,
	in NewPushMapping,
) (PushMapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createPushMapping(ctx, appID, in)
}

func (s *Sim) createPushMapping(ctx context.Context, appID string,
	in NewPushMapping,
) (PushMapping, error) {
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return PushMapping{}, err
	}
	if !a.Features.PushGroups {
		return PushMapping{}, errValidation("Push Groups is not enabled for this app")
	}
	g, err := s.getGroup(ctx, in.SourceGroupID)
	if err != nil {
		return PushMapping{}, errValidation("sourceGroupId: group " + in.SourceGroupID +
			" does not exist")
	}
	status := strings.ToUpper(in.Status)
	if status == "" {
		status = MappingActive
	}
	if status != MappingActive && status != MappingOff {
		return PushMapping{}, errValidation("status: must be ACTIVE or INACTIVE")
	}
	name := in.TargetGroupName
	if name == "" {
		name = g.Name
	}
	now := s.now()
	m := PushMapping{
		ID: in.ID, AppID: appID, SourceGroupID: g.ID, TargetGroupID: in.TargetGroupID,
		TargetGroupName: name, Status: status, Created: now, LastUpdated: now,
	}
	if m.ID == "" {
		m.ID = newID(prefixMapping)
	}
	if err := s.store.CreatePushMapping(ctx, m); errors.Is(err, ErrConflict) {
		return PushMapping{}, errValidation("sourceGroupId: the group is already pushed to " +
			"this app")
	} else if err != nil {
		return PushMapping{}, fmt.Errorf("create push mapping: %w", err)
	}
	if status == MappingActive {
		s.queueMapping(ctx, jobCreateGroup, m, "")
	}
	return m, nil
}

// SetPushMappingStatus pauses (INACTIVE) or resumes (ACTIVE) a mapping.
// Resuming pushes every membership at once, as Okta does.
func (s *Sim) SetPushMappingStatus(ctx context.Context, appID, id,
	status string,
) (PushMapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.getPushMapping(ctx, appID, id)
	if err != nil {
		return PushMapping{}, err
	}
	status = strings.ToUpper(status)
	if status != MappingActive && status != MappingOff {
		return PushMapping{}, errValidation("status: must be ACTIVE or INACTIVE")
	}
	resume := status == MappingActive && m.Status != MappingActive
	m.Status, m.LastUpdated = status, s.now()
	if status == MappingActive {
		m.ErrorSummary = ""
	}
	if err := s.store.UpdatePushMapping(ctx, m); err != nil {
		return PushMapping{}, fmt.Errorf("set status of push mapping %s: %w", id, err)
	}
	if resume {
		s.queueMapping(ctx, jobPushAll, m, "")
	}
	return m, nil
}

// PushNow replaces the target group's members with the group's, the
// console's "Push Now".
func (s *Sim) PushNow(ctx context.Context, appID, id string) (PushMapping, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.getPushMapping(ctx, appID, id)
	if err != nil {
		return PushMapping{}, err
	}
	if m.Status == MappingOff {
		return PushMapping{}, errBadStatus("push now: the mapping is INACTIVE")
	}
	s.queueMapping(ctx, jobPushAll, m, "")
	return m, nil
}

// DeletePushMapping unlinks an INACTIVE mapping; with deleteTarget the
// target group is deleted ("Delete the group in the target app"), otherwise
// nothing is sent ("Leave the group").
func (s *Sim) DeletePushMapping(ctx context.Context, appID, id string, deleteTarget bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.getPushMapping(ctx, appID, id)
	if err != nil {
		return err
	}
	if m.Status == MappingActive {
		return errValidation("status: a push mapping must be INACTIVE before it is deleted")
	}
	if err := s.store.DeletePushMapping(ctx, id); err != nil {
		return fmt.Errorf("delete push mapping %s: %w", id, err)
	}
	if deleteTarget && m.TargetGroupID != "" {
		s.engine.enqueue(&job{
			kind: jobDeleteGroup, appID: appID, groupID: m.SourceGroupID,
			targetID: m.TargetGroupID, keys: []string{groupKey(m.SourceGroupID)},
		},
			s.cfg.scaled(s.cfg.PushDelay))
	}
	return nil
}

// pendingPushes counts the queued and running steps of a mapping.
func (s *Sim) pendingPushes(m PushMapping) int {
	return s.engine.count(m.AppID, func(j *job) bool { return j.mappingID == m.ID })
}
