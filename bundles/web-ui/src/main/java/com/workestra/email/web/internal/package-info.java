/** Serves the web components (static ES modules and their stylesheet) through the servlet whiteboard. */
package com.workestra.email.web.internal;
