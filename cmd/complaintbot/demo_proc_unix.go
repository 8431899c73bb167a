//go:build demo && unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
)

// serverUser is the account a server the demo starts runs as; nil is the
// demo's own.
type serverUser struct {
	name     string
	uid, gid int
}

// postgresUser is whom PostgreSQL runs as: the demo's own user, but for
// root, whom initdb and postgres refuse; then the postgres system user where
// there is one, else nobody.
func postgresUser() (*serverUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, uerr := strconv.Atoi(u.Uid)
		gid, gerr := strconv.Atoi(u.Gid)
		if uerr != nil || gerr != nil {
			continue
		}
		return &serverUser{name: name, uid: uid, gid: gid}, nil
	}
	return nil, fmt.Errorf("PostgreSQL refuses to run as root, and there is no postgres or nobody user to run it as")
}

// ownProcessGroup makes cmd run in a process group of its own, which
// Ctrl-C in the demo's terminal does not reach.
func ownProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// prepare makes cmd run as u.
func (u *serverUser) prepare(cmd *exec.Cmd) {
	if u == nil {
		return
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(u.uid), Gid: uint32(u.gid)}
}

// own hands path to u.
func (u *serverUser) own(path string) error {
	if u == nil {
		return nil
	}
	if err := os.Chown(path, u.uid, u.gid); err != nil {
		return fmt.Errorf("hand %s to the %s user: %w", path, u.name, err)
	}
	return nil
}

// describe says whom a server runs as, after the server's name.
func (u *serverUser) describe() string {
	if u == nil {
		return ""
	}
	return " (as the " + u.name + " user)"
}
