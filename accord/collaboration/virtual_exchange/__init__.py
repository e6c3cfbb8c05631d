"""Virtual exchange (COIL): two courses at two institutions taught together online for some weeks."""
