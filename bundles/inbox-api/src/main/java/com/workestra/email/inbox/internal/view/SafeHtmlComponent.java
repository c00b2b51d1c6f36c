package com.workestra.email.inbox.internal.view;

import com.workestra.email.api.SafeHtml;
import org.osgi.service.component.annotations.Component;

/** {@link SafeHtml} for other bundles (module panels): the Inbox's sanitizer policy, remote images blocked. */
@Component(service = SafeHtml.class)
public class SafeHtmlComponent implements SafeHtml {

    @Override
    public String clean(String html) {
        return html == null ? null : HtmlCleaner.clean(html, false).html();
    }
}
