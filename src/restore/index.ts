// Restore drills (issue #20): the public names are exported explicitly below.
export {};
