package com.workestra.email.api;

/** Makes a stored HTML body safe to show in a browser (no scripts, handlers, forms; remote images blocked). */
public interface SafeHtml {

    /**
     * The sanitized body.
     *
     * @param html raw HTML as stored, or null
     * @return sanitized HTML, or null
     */
    String clean(String html);
}
