// The public names of the monitoring layer, listed one by one: everything else here (private/)
// is internal and imported by path.
export {};
