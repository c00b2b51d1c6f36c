package com.workestra.email.itests;

import java.util.Map;

/** The distribution on its embedded default: H2 file database in the node directory. */
class H2DistributionIT extends DistributionContract {

    @Override
    protected Map<String, String> databaseEnv() {
        return Map.of();
    }

    @Override
    protected String expectedProduct() {
        return "H2";
    }

    @Override
    protected String nodeName() {
        return "h2-" + Long.toHexString(System.nanoTime());
    }
}
