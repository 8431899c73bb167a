package policy

// The shop's time zone must load even on a host without a zone database
// (a scratch container); the embedded copy costs about 450 kB.
import _ "time/tzdata"
