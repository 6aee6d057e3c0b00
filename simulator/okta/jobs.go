package okta

import (
	"context"
	"errors"
	"fmt"

	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// stepError is a failed provisioning step: what Okta was doing, to whom,
// and why. It becomes a task.
type stepError struct {
	step    scimclient.Step
	subject string
	err     error
}

func (e *stepError) Error() string { return fmt.Sprintf("%s %s: %v", e.step, e.subject, e.err) }
func (e *stepError) Unwrap() error { return e.err }

func failed(step scimclient.Step, subject string, err error) error {
	return &stepError{step: step, subject: subject, err: err}
}

// runJob is the engine's executor: it runs one step and records its outcome.
func (s *Sim) runJob(ctx context.Context, j *job) {
	app, err := s.store.GetApp(ctx, j.appID)
	if err != nil || !app.provisioning() {
		// Deactivated or deleted apps send nothing (OKTA-WIRE.md).
		return
	}
	c, err := s.client(app)
	if err == nil {
		err = s.runStep(ctx, c, app, j)
	}
	if ctx.Err() != nil {
		return // reset or closed: the outcome belongs to a world that is gone
	}
	s.recordOutcome(ctx, app, j, err)
}

func (s *Sim) runStep(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	switch j.kind {
	case jobProvisionUser:
		return s.provisionUser(ctx, c, app, j)
	case jobUpdateUser:
		return s.updateUser(ctx, c, app, j)
	case jobDeactivateUser:
		return s.deactivateUser(ctx, c, app, j)
	case jobCreateGroup, jobPushAll:
		return s.pushAll(ctx, c, app, j)
	case jobPushMembers:
		return s.pushMembers(ctx, c, app, j)
	case jobRenameGroup:
		return s.renameGroup(ctx, c, app, j)
	case jobDeleteGroup:
		return s.deleteGroup(ctx, c, app, j)
	}
	return fmt.Errorf("unknown job kind %q", j.kind)
}

// recordOutcome resolves the retried task on success; on failure it opens a
// task (or updates the retried one) and marks the push mapping ERROR.
func (s *Sim) recordOutcome(ctx context.Context, app App, j *job, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		s.resolveTask(ctx, j)
		return
	}
	msg := s.taskMessage(ctx, app, j, err)
	s.log.Warn("provisioning step failed", "app_id", j.appID, "user_id", j.userID,
		"group_id", j.groupID, "kind", string(j.kind), "err", err)
	if j.mappingID != "" {
		if m, gerr := s.store.GetPushMapping(ctx, j.mappingID); gerr == nil {
			m.Status, m.ErrorSummary, m.LastUpdated = MappingError, msg, s.now()
			_ = s.store.UpdatePushMapping(ctx, m)
		}
	}
	if j.taskID != "" {
		if t, gerr := s.store.GetTask(ctx, j.taskID); gerr == nil {
			t.Message, t.Status, t.Resolved = msg, TaskOpen, nil
			_ = s.store.UpdateTask(ctx, t)
			return
		}
	}
	t := Task{
		ID: newID(prefixTask), AppID: j.appID, UserID: j.userID, GroupID: j.groupID,
		MappingID: j.mappingID, TargetID: j.targetID, Kind: string(j.kind), Status: TaskOpen,
		Message: msg, Created: s.now(),
	}
	if err := s.store.CreateTask(ctx, t); err != nil {
		s.log.Error("record task", "app_id", j.appID, "err", err)
	}
}

func (s *Sim) resolveTask(ctx context.Context, j *job) {
	if j.taskID == "" {
		return
	}
	t, err := s.store.GetTask(ctx, j.taskID)
	if err != nil {
		return
	}
	now := s.now()
	t.Status, t.Resolved = TaskResolved, &now
	_ = s.store.UpdateTask(ctx, t)
}

// taskMessage renders Okta's task text for a failed step.
func (s *Sim) taskMessage(ctx context.Context, app App, j *job, err error) string {
	var se *stepError
	if errors.As(err, &se) {
		return scimclient.TaskMessage(se.step, se.subject, app.Label, se.err)
	}
	subject, step := j.userID, scimclient.StepUpdateUser
	if j.mappingID != "" {
		subject, step = j.groupID, scimclient.StepPushGroup
	}
	return scimclient.TaskMessage(step, subject, app.Label, err)
}

// updateAppUser applies change to the stored app user under s.mu.
func (s *Sim) updateAppUser(ctx context.Context, appID, userID string, change func(*AppUser)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	au, err := s.store.GetAppUser(ctx, appID, userID)
	if err != nil {
		return
	}
	change(&au)
	now := s.now()
	au.LastUpdated, au.LastSync = now, &now
	_ = s.store.PutAppUser(ctx, au)
}
