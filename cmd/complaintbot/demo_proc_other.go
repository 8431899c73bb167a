//go:build demo && !unix

package main

import "os/exec"

// serverUser is the account a server the demo starts runs as: on this
// system, always the demo's own (nil).
type serverUser struct{}

func postgresUser() (*serverUser, error) { return nil, nil }

func ownProcessGroup(*exec.Cmd) {}

func (u *serverUser) prepare(*exec.Cmd) {}

func (u *serverUser) own(string) error { return nil }

func (u *serverUser) describe() string { return "" }
