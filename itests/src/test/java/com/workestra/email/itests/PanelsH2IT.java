package com.workestra.email.itests;

import java.util.Map;

/** The module panels and their team visibility, every level on every panel endpoint, on the embedded H2 database. */
class PanelsH2IT extends PanelsIT {

    @Override
    protected Map<String, String> database() {
        return Map.of();
    }
}
