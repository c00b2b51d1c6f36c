package com.workestra.email.sandbox.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic mailbox generator. Account creation only lays down compact metadata (date, thread, parent,
 * sender side, labels); {@link #render} derives each message's bytes from (account, seed, sequence) on demand, so
 * the same seed gives the same ids and bytes and a million messages need no bodies in memory.
 */
final class GeneratedMail {

    private record Person(String name, String address, int offsetMinutes) {
    }

    private static final Person[] PEOPLE = {
        new Person("Alice Martin", "alice.martin@example.com", 0),
        new Person("José Álvarez", "jose.alvarez@example.es", 60),
        new Person("Jürgen Müller", "juergen.mueller@example.de", 60),
        new Person("François Dupont", "francois.dupont@example.fr", 60),
        new Person("Zoë O’Brien", "zoe.obrien@example.ie", 0),
        new Person("山田 太郎", "taro.yamada@example.jp", 540),
        new Person("Αλέξανδρος Παπαδόπουλος", "alexandros@example.gr", 120),
        new Person("Søren Nørgaard", "soren@example.dk", 60),
        new Person("Ana Lúcia Costa", "ana.costa@example.com.br", -180),
        new Person("Bob Smith", "bob.smith@example.com", -300),
        new Person("Priya Patel", "priya.patel@example.in", 330),
        new Person("Chen Wei", "chen.wei@example.cn", 480),
        new Person("Olivia Brown", "olivia@customer-corp.example", -480),
        new Person("Noah Wilson", "noah.wilson@example.org", -360),
        new Person("Billing Team", "billing@vendor.example", 0),
        new Person("Support Desk", "support@helpdesk.example", 0),
        new Person("Łukasz Wiśniewski", "lukasz@example.pl", 60),
        new Person("Renée Lefèvre", "renee.lefevre@example.fr", 60),
        new Person("Иван Петров", "ivan.petrov@example.ru", 180),
        new Person("Sam O'Connor", "sam.oconnor@example.net", -240),
    };

    private static final String[] SUBJECTS = {
        "Quarterly report", "Réunion de lundi", "Angebot für Q3 – Überarbeitung", "Invoice #%d",
        "日程の確認", "Café meetup?", "Candidate: %s", "Support ticket #%d: login fails", "Προσφορά για το έργο",
        "Contract pricing in €", "Weekly sync notes", "Déjà vu: deployment failed again", "Your order #%d has shipped",
        "Zusammenfassung der Besprechung", "Lunch on Friday?", "Budget 2027 draft", "Naïve question about the API",
        "Встреча в четверг", "Feedback on the proposal", "Holiday schedule",
    };

    private static final String[] PHRASES = {
        "Thanks for the quick turnaround on this.",
        "Could you take a look at the attached figures before Thursday?",
        "Merci pour votre retour, je reviens vers vous rapidement.",
        "Vielen Dank für die Übersicht – das hilft uns sehr.",
        "Let me know if anything is unclear.",
        "The numbers look good overall, but the second table needs another pass.",
        "Gracias por la información, lo revisamos mañana.",
        "I have moved the meeting to 15:30 so that everyone can join.",
        "Per our call: we keep the current scope and revisit pricing (€ 12.500) next month.",
        "Das Büro ist am Freitag geschlossen.",
        "よろしくお願いします。",
        "Σας ευχαριστώ για την άμεση απάντηση.",
        "Please find the summary below.",
        "Can we align on the timeline before the end of the week?",
        "Jeg sender filen i morgen.",
        "Спасибо, всё получил.",
    };

    private static final String[][] ATTACHMENTS = {
        {"report.pdf", "application/pdf"}, {"photo.png", "image/png"}, {"data.csv", "text/csv"},
        {"Übersicht.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"scan.jpg", "image/jpeg"}, {"notes.txt", "text/plain"}, {"archive.zip", "application/zip"},
        {"présentation.pdf", "application/pdf"},
    };

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private GeneratedMail() {
    }

    /** Lays down {@code n} messages' metadata in date order over {@code spanDays} ending at {@code endMillis}. */
    static void populate(Mailbox box, int n, long seed, int spanDays, long endMillis) {
        if (n <= 0) {
            return;
        }
        box.ensureCapacity(n);
        Random r = new Random(seed);
        long endSec = endMillis / 1000;
        long spanSec = Math.max(1L, spanDays) * 86_400L;
        long startSec = endSec - spanSec;
        int maxOpen = 24;
        int[] openRoot = new int[maxOpen];
        int[] openLast = new int[maxOpen];
        int[] openLeft = new int[maxOpen];
        int open = 0;
        List<String> inboxUnread = Labels.of(List.of(Labels.INBOX, Labels.UNREAD));
        List<String> inboxRead = Labels.of(List.of(Labels.INBOX));
        List<String> inboxImportant = Labels.of(List.of(Labels.INBOX, Labels.IMPORTANT));
        List<String> inboxStarredUnread = Labels.of(List.of(Labels.INBOX, Labels.UNREAD, Labels.STARRED));
        List<String> updates = Labels.of(List.of(Labels.INBOX, Labels.CATEGORY_UPDATES));
        List<String> sent = Labels.of(List.of(Labels.SENT));
        String projects = box.userLabel("Projects");
        List<String> inboxProjects = Labels.of(List.of(Labels.INBOX, projects));
        for (int i = 0; i < n; i++) {
            long sec = startSec + (long) ((i + r.nextDouble() * 0.9) * spanSec / n);
            int root;
            int parent;
            boolean fromOwner;
            if (open > 0 && r.nextInt(100) < 40) {
                int k = r.nextInt(open);
                root = openRoot[k];
                parent = openLast[k];
                StoredMessage p = box.bySeq(parent);
                fromOwner = r.nextInt(100) < 85 ? !p.fromOwner() : p.fromOwner();
                openLast[k] = i;
                if (--openLeft[k] <= 0) {
                    open--;
                    openRoot[k] = openRoot[open];
                    openLast[k] = openLast[open];
                    openLeft[k] = openLeft[open];
                }
            } else {
                root = i;
                parent = -1;
                fromOwner = r.nextInt(100) < 10;
                int k = open < maxOpen ? open++ : r.nextInt(maxOpen);
                openRoot[k] = i;
                openLast[k] = i;
                openLeft[k] = 1 + r.nextInt(6);
            }
            List<String> labels;
            int roll = r.nextInt(100);
            if (fromOwner) {
                labels = sent;
            } else if (i >= n - Math.max(1, n / 10)) {
                labels = roll < 50 ? inboxUnread : roll < 55 ? inboxStarredUnread : roll < 80 ? inboxRead
                        : roll < 90 ? inboxImportant : inboxProjects;
            } else {
                labels = roll < 5 ? inboxUnread : roll < 75 ? inboxRead : roll < 85 ? updates
                        : roll < 93 ? inboxImportant : inboxProjects;
            }
            box.addGenerated(sec * 1000, root, parent, fromOwner, labels);
        }
    }

    /** The Message-ID of a generated message: {@code <id.tag@sender-domain>}. */
    static String messageId(Mailbox box, StoredMessage m) {
        Person corr = correspondent(box, m.threadSeq);
        String domain = m.fromOwner() ? Mailbox.domainOf(box.address()) : Mailbox.domainOf(corr.address);
        return "<" + box.ids.id(m.seq) + "." + Long.toString(box.ids.hash(m.seq, 9) >>> 20, 36) + "@" + domain
                + ">";
    }

    /** The sequence a generated Message-ID points at, or null when it is not one. */
    static Integer seqOfMessageId(Mailbox box, String mid) {
        if (mid.length() < 19 || mid.charAt(17) != '.') {
            return null;
        }
        int seq = box.ids.seq(mid.substring(1, 17));
        return seq < 0 ? null : seq;
    }

    private static Person correspondent(Mailbox box, int threadSeq) {
        return PEOPLE[(int) Math.floorMod(box.ids.hash(threadSeq, 2), (long) PEOPLE.length)];
    }

    static byte[] render(Mailbox box, StoredMessage m) {
        Random r = new Random(box.ids.hash(m.seq, 1));
        Person corr = correspondent(box, m.threadSeq);
        Person owner = new Person(box.account().displayName(), box.address(), 0);
        Person from = m.fromOwner() ? owner : corr;
        Person to = m.fromOwner() ? corr : owner;
        int depth = 0;
        List<String> refs = new ArrayList<>();
        for (StoredMessage p = box.bySeq(m.parentSeq); p != null && depth < 50; p = box.bySeq(p.parentSeq)) {
            refs.add(0, p.internetMessageId());
            depth++;
        }
        long tHash = box.ids.hash(m.threadSeq, 3);
        String subject = String.format(SUBJECTS[(int) Math.floorMod(tHash, (long) SUBJECTS.length)],
                1000 + Math.floorMod(tHash >>> 16, 90_000), PEOPLE[(int) Math.floorMod(tHash >>> 8,
                        (long) PEOPLE.length)].name);
        if (depth > 0) {
            subject = (r.nextInt(4) == 0 && from.address.endsWith(".de") ? "AW: " : "Re: ") + subject;
        }
        StringBuilder text = new StringBuilder();
        text.append(r.nextBoolean() ? "Hi " : "Hello ").append(firstName(to.name)).append(",\n\n");
        int paras = 1 + r.nextInt(3);
        for (int p = 0; p < paras; p++) {
            int sentences = 1 + r.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                text.append(PHRASES[r.nextInt(PHRASES.length)]).append(s + 1 < sentences ? " " : "");
            }
            text.append("\n\n");
        }
        text.append("Best regards,\n").append(from.name).append('\n');
        if (depth > 0) {
            text.append("\nOn an earlier date, ").append(to.name).append(" wrote:\n> ")
                    .append(PHRASES[(int) Math.floorMod(tHash >>> 4, (long) PHRASES.length)]).append('\n');
        }
        String body = text.toString();
        String probe = body + subject + from.name + to.name;
        Charset cs;
        int pick = r.nextInt(100);
        if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(probe)) {
            cs = pick < 50 ? StandardCharsets.UTF_8 : pick < 80 ? StandardCharsets.ISO_8859_1 : WINDOWS_1252;
        } else if (WINDOWS_1252.newEncoder().canEncode(probe)) {
            cs = pick < 60 ? StandardCharsets.UTF_8 : WINDOWS_1252;
        } else {
            cs = StandardCharsets.UTF_8;
        }
        boolean b64Words = r.nextBoolean();
        String cte = switch (r.nextInt(10)) {
            case 0, 1 -> "base64";
            case 2 -> cs == StandardCharsets.UTF_8 ? "8bit" : "quoted-printable";
            default -> "quoted-printable";
        };
        StringBuilder out = new StringBuilder(2048);
        ZoneOffset zone = ZoneOffset.ofTotalSeconds(from.offsetMinutes * 60);
        out.append("Date: ").append(Rfc822.date(m.receivedMillis, zone)).append("\r\n");
        out.append("From: ").append(Rfc822.mailbox(from.name, from.address, cs, b64Words)).append("\r\n");
        out.append("To: ").append(Rfc822.mailbox(to.name, to.address, cs, b64Words)).append("\r\n");
        if (r.nextInt(8) == 0) {
            Person cc = PEOPLE[r.nextInt(PEOPLE.length)];
            out.append("Cc: ").append(Rfc822.mailbox(cc.name, cc.address, StandardCharsets.UTF_8, true))
                    .append("\r\n");
        }
        out.append("Subject: ").append(Rfc822.encode(subject, cs, b64Words)).append("\r\n");
        out.append("Message-ID: ").append(m.internetMessageId()).append("\r\n");
        if (!refs.isEmpty()) {
            out.append("In-Reply-To: ").append(refs.get(refs.size() - 1)).append("\r\n");
            out.append("References: ").append(String.join("\r\n ", refs)).append("\r\n");
        }
        out.append("MIME-Version: 1.0\r\n");
        long bseed = box.ids.hash(m.seq, 5);
        int shape = r.nextInt(100);
        int attachments = r.nextInt(100) < 15 ? 1 + r.nextInt(2) : 0;
        if (attachments > 0) {
            String b = MimeParts.boundary(bseed, "mixed");
            MimeParts.multipartHeader(out, "mixed", b);
            out.append("This is a multi-part message in MIME format.\r\n");
            MimeParts.delimiter(out, b);
            body(out, shape, body, cs, cte, bseed);
            for (int a = 0; a < attachments; a++) {
                String[] att = ATTACHMENTS[r.nextInt(ATTACHMENTS.length)];
                int sizeRoll = r.nextInt(100);
                int size = sizeRoll < 60 ? 1024 + r.nextInt(50_000) : sizeRoll < 92 ? 50_000 + r.nextInt(450_000)
                        : 500_000 + r.nextInt(2_500_000);
                MimeParts.delimiter(out, b);
                MimeParts.attachment(out, att[0], att[1], size, bseed + a);
            }
            MimeParts.close(out, b);
        } else {
            body(out, shape, body, cs, cte, bseed);
        }
        return out.toString().getBytes(cs == StandardCharsets.UTF_8 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
    }

    private static void body(StringBuilder out, int shape, String text, Charset cs, String cte, long bseed) {
        if (shape < 70) {
            String b = MimeParts.boundary(bseed, "alt");
            MimeParts.multipartHeader(out, "alternative", b);
            MimeParts.delimiter(out, b);
            MimeParts.text(out, "plain", text, cs, cte);
            MimeParts.delimiter(out, b);
            MimeParts.text(out, "html", MimeParts.html(text), cs, cte);
            MimeParts.close(out, b);
        } else if (shape < 90) {
            MimeParts.text(out, "plain", text, cs, cte);
        } else {
            MimeParts.text(out, "html", MimeParts.html(text), cs, cte);
        }
    }

    private static String firstName(String name) {
        int sp = name.indexOf(' ');
        return sp < 0 ? name : name.substring(0, sp);
    }
}
