//! The element trees every extension page is built of, without a DOM: a [`Node`] is one element,
//! `web::mount` turns a tree into DOM elements one to one, text set as text.
//!
//! Safety by construction: a node's tag and class are `'static` (chosen by the views, never by
//! data); data reaches the page only as text content; an attribute is an [`Attr`], whose values
//! are static, generated (`f0-title`, `org-2`, a virtual list's counts and pixel offsets), or
//! allowlisted (`href`, only an [`AllowedUrl`] or one of the extension's own pages).
//! Four carry a string the extension itself owns, never a page's or a file's data: the popup's
//! `data-id` (a banner frame's id, made by the adapter) and `data-state` (finding codes and
//! diagnoses, made by the banner), and the options' `data-org` / `data-remove-org` (an
//! organization id, the key the extension stores tenant domains under). The DOM gets every value
//! through `setAttribute`, which never parses it.

use crate::explain::catalog::Lang;
use crate::explain::links;

/// The id of the `role="status"` span where copy results are announced (banner and analyzer).
pub const COPY_STATUS_ID: &str = "copy-status";

/// A URL that passed the links allowlist; the only way data becomes an attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedUrl(String);

impl AllowedUrl {
    pub fn new(url: &str) -> Option<AllowedUrl> {
        links::is_allowed(url).then(|| AllowedUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `type` of a button or an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlType {
    Button,
    Checkbox,
    Email,
    File,
    Text,
}

/// The attributes a node may carry (see the module's safety rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attr {
    DataFinding(&'static str),
    DataDiagnosis(&'static str),
    DataSeverity(&'static str),
    Href(AllowedUrl),
    /// `rel="noopener noreferrer"` and `target="_blank"` come with every link.
    Rel,
    Target,
    Type(ControlType),
    /// A catalogue text, for a button whose visible label ("Copy") is ambiguous.
    AriaLabel(&'static str),
    AriaHidden,
    /// A static or generated id (`dismiss`, `f0-title`, `org-2`).
    Id(String),
    AriaLabelledBy(String),
    /// `for`: the id of the control a label names.
    For(String),
    /// `<details open>`.
    Open,
    /// `role="status"`: a live region.
    RoleStatus,
    /// `data-caldoctor="<section>"`: a stable hook for the pages' code and the tests.
    DataSection(&'static str),
    /// `scope="col"` on a column header.
    ScopeCol,
    /// A catalogue text shown on hover (why a control is locked).
    Title(&'static str),
    /// An `<option>`'s value.
    Value(&'static str),
    Checked,
    Selected,
    Disabled,
    ReadOnly,
    Hidden,
    Multiple,
    /// The file types a file input offers.
    Accept(&'static str),
    /// A textarea's height, in lines.
    Rows(&'static str),
    /// A progress bar's maximum.
    Max(&'static str),
    /// `spellcheck="false"`.
    NoSpellcheck,
    /// `autocomplete="off"`.
    NoAutocomplete,
    /// `data-action`: what the page's script does with a click or a change.
    DataAction(&'static str),
    /// `data-setting`: the settings key a control edits.
    DataSetting(&'static str),
    /// `data-id`: the banner frame a popup line is about.
    DataId(String),
    /// `data-state`: the open findings a popup line is about.
    DataState(String),
    /// `data-org`: the organization a tenant's controls (its textarea, its Unknown checkbox,
    /// its remove button, the new-tenant row) are about.
    DataOrg(String),
    /// `data-tenant`: the tenant (its key) whose domains a textarea holds.
    DataTenant(String),
    /// `data-tenant-unknown`: the tenant a checkbox marks as shown "Unknown".
    DataTenantUnknown(String),
    /// `data-remove-tenant`: the tenant a button forgets.
    DataRemoveTenant(String),
    /// `data-new-tenant` / `data-new-tenant-domains`: an organization's row for a new tenant.
    DataNewTenant,
    DataNewTenantDomains,
    /// `data-remove-org`: the organization a button forgets.
    DataRemoveOrg(String),
    /// `data-new-org` / `data-new-domains`: the options' row for a new organization.
    DataNewOrg,
    DataNewDomains,
    /// `aria-expanded`: whether the region a toggle controls is shown.
    AriaExpanded(bool),
    /// `aria-controls`: the static id of the region a toggle shows and hides.
    AriaControls(&'static str),
    /// `datetime` of a `<time>`: RFC 3339, generated from a parsed instant.
    DateTime(String),
    /// A `title` the extension generates (an instant in UTC), shown on hover.
    TimeTitle(String),
    /// A static example shown in an empty input.
    Placeholder(&'static str),
    /// A static ARIA role (`grid`, `row`, `gridcell`…).
    Role(&'static str),
    /// `aria-rowcount` / `aria-rowindex` of a virtual list, generated from counts.
    AriaRowCount(String),
    AriaRowIndex(String),
    /// `aria-selected="true"`: the active row of a list.
    AriaSelected,
    /// `aria-describedby`: the static or generated id of what explains a control.
    AriaDescribedBy(String),
    /// `tabindex`: `0` (in the tab order) or `-1` (focusable by script only).
    TabIndex(&'static str),
    /// `style`, generated from pixel counts only ([`Attr::height_px`], [`Attr::row_px`]): where
    /// a virtual list's rows sit.
    Style(String),
    /// `data-triage-group`: a triage group's finding code.
    DataTriageGroup(&'static str),
    /// `data-count`, generated from a count.
    DataCount(String),
    /// An `<option>`'s value when it is a position in a list the page holds (a group, a domain).
    IndexValue(String),
    /// `href` to one of the extension's own pages (a static file name), with a tab id generated
    /// from a number: [`Attr::page_link`].
    PageLink(String),
}

impl Attr {
    pub fn name(&self) -> &'static str {
        match self {
            Attr::DataFinding(_) => "data-finding",
            Attr::DataDiagnosis(_) => "data-diagnosis",
            Attr::DataSeverity(_) => "data-severity",
            Attr::Href(_) => "href",
            Attr::Rel => "rel",
            Attr::Target => "target",
            Attr::Type(_) => "type",
            Attr::AriaLabel(_) => "aria-label",
            Attr::AriaHidden => "aria-hidden",
            Attr::Id(_) => "id",
            Attr::AriaLabelledBy(_) => "aria-labelledby",
            Attr::For(_) => "for",
            Attr::Open => "open",
            Attr::RoleStatus => "role",
            Attr::DataSection(_) => "data-caldoctor",
            Attr::ScopeCol => "scope",
            Attr::Title(_) => "title",
            Attr::Value(_) => "value",
            Attr::Checked => "checked",
            Attr::Selected => "selected",
            Attr::Disabled => "disabled",
            Attr::ReadOnly => "readonly",
            Attr::Hidden => "hidden",
            Attr::Multiple => "multiple",
            Attr::Accept(_) => "accept",
            Attr::Rows(_) => "rows",
            Attr::Max(_) => "max",
            Attr::NoSpellcheck => "spellcheck",
            Attr::NoAutocomplete => "autocomplete",
            Attr::DataAction(_) => "data-action",
            Attr::DataSetting(_) => "data-setting",
            Attr::DataId(_) => "data-id",
            Attr::DataState(_) => "data-state",
            Attr::DataOrg(_) => "data-org",
            Attr::DataTenant(_) => "data-tenant",
            Attr::DataTenantUnknown(_) => "data-tenant-unknown",
            Attr::DataRemoveTenant(_) => "data-remove-tenant",
            Attr::DataNewTenant => "data-new-tenant",
            Attr::DataNewTenantDomains => "data-new-tenant-domains",
            Attr::DataRemoveOrg(_) => "data-remove-org",
            Attr::DataNewOrg => "data-new-org",
            Attr::DataNewDomains => "data-new-domains",
            Attr::AriaExpanded(_) => "aria-expanded",
            Attr::AriaControls(_) => "aria-controls",
            Attr::DateTime(_) => "datetime",
            Attr::TimeTitle(_) => "title",
            Attr::Placeholder(_) => "placeholder",
            Attr::Role(_) => "role",
            Attr::AriaRowCount(_) => "aria-rowcount",
            Attr::AriaRowIndex(_) => "aria-rowindex",
            Attr::AriaSelected => "aria-selected",
            Attr::AriaDescribedBy(_) => "aria-describedby",
            Attr::TabIndex(_) => "tabindex",
            Attr::Style(_) => "style",
            Attr::DataTriageGroup(_) => "data-triage-group",
            Attr::DataCount(_) => "data-count",
            Attr::IndexValue(_) => "value",
            Attr::PageLink(_) => "href",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Attr::DataFinding(v)
            | Attr::DataDiagnosis(v)
            | Attr::DataSeverity(v)
            | Attr::AriaLabel(v)
            | Attr::DataSection(v)
            | Attr::Title(v)
            | Attr::Value(v)
            | Attr::Accept(v)
            | Attr::Rows(v)
            | Attr::Max(v)
            | Attr::DataAction(v)
            | Attr::AriaControls(v)
            | Attr::Placeholder(v)
            | Attr::Role(v)
            | Attr::TabIndex(v)
            | Attr::DataTriageGroup(v)
            | Attr::DataSetting(v) => v,
            Attr::AriaExpanded(true) => "true",
            Attr::AriaExpanded(false) => "false",
            Attr::Href(url) => url.as_str(),
            Attr::Rel => "noopener noreferrer",
            Attr::Target => "_blank",
            Attr::Type(ControlType::Button) => "button",
            Attr::Type(ControlType::Checkbox) => "checkbox",
            Attr::Type(ControlType::Email) => "email",
            Attr::Type(ControlType::File) => "file",
            Attr::Type(ControlType::Text) => "text",
            Attr::AriaHidden => "true",
            Attr::Id(v)
            | Attr::AriaLabelledBy(v)
            | Attr::For(v)
            | Attr::DataId(v)
            | Attr::DataState(v)
            | Attr::DataOrg(v)
            | Attr::DataTenant(v)
            | Attr::DataTenantUnknown(v)
            | Attr::DataRemoveTenant(v)
            | Attr::DateTime(v)
            | Attr::TimeTitle(v)
            | Attr::AriaRowCount(v)
            | Attr::AriaRowIndex(v)
            | Attr::AriaDescribedBy(v)
            | Attr::Style(v)
            | Attr::DataCount(v)
            | Attr::IndexValue(v)
            | Attr::PageLink(v)
            | Attr::DataRemoveOrg(v) => v,
            Attr::Open
            | Attr::Checked
            | Attr::Selected
            | Attr::Disabled
            | Attr::ReadOnly
            | Attr::Hidden
            | Attr::Multiple
            | Attr::DataNewOrg
            | Attr::DataNewDomains
            | Attr::DataNewTenant
            | Attr::DataNewTenantDomains => "",
            Attr::RoleStatus => "status",
            Attr::AriaSelected => "true",
            Attr::ScopeCol => "col",
            Attr::NoSpellcheck => "false",
            Attr::NoAutocomplete => "off",
        }
    }
}

impl Attr {
    /// `style="height:Npx"`.
    pub fn height_px(px: u32) -> Attr {
        Attr::Style(format!("height:{px}px"))
    }

    /// `style="top:Npx;height:Hpx"`: a row of a virtual list, placed.
    pub fn row_px(top: u32, height: u32) -> Attr {
        Attr::Style(format!("top:{top}px;height:{height}px"))
    }

    /// A count as a `data-count`.
    pub fn count(count: usize) -> Attr {
        Attr::DataCount(count.to_string())
    }

    /// A link to the extension's page `page` (`triage.html`), about the browser tab `tab` when
    /// there is one (`#tab=12`).
    pub fn page_link(page: &'static str, tab: Option<u32>) -> Attr {
        Attr::PageLink(match tab {
            Some(tab) => format!("{page}#tab={tab}"),
            None => page.to_string(),
        })
    }
}

/// What a button does when Rust wires it (the banner's; the other pages' scripts wire theirs
/// by `data-action`). Labels are carried along so the mount needs no catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Copy this text; then say `done` (or `failed`) in the copy status.
    Copy {
        text: String,
        done: &'static str,
        failed: &'static str,
    },
    /// Ask the extension to hide this banner.
    Dismiss,
    /// Show or hide the region this button's `aria-controls` names, flipping its
    /// `aria-expanded`; the banner remembers the choice.
    Toggle,
    /// Shrink the banner to a pill, or (on the pill) bring it back; the frame reports the height.
    Minimize,
}

/// One element: a static tag and class, text content (before the children), children, at most
/// one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub tag: &'static str,
    pub class: &'static str,
    pub attrs: Vec<Attr>,
    pub text: Option<String>,
    pub children: Vec<Node>,
    pub action: Option<Action>,
}

impl Node {
    pub fn new(tag: &'static str, class: &'static str) -> Node {
        Node {
            tag,
            class,
            attrs: Vec::new(),
            text: None,
            children: Vec::new(),
            action: None,
        }
    }

    pub fn text(tag: &'static str, class: &'static str, text: impl Into<String>) -> Node {
        Node {
            text: Some(text.into()),
            ..Node::new(tag, class)
        }
    }

    pub(crate) fn attr(mut self, attr: Attr) -> Node {
        self.attrs.push(attr);
        self
    }

    pub(crate) fn attrs(mut self, attrs: impl IntoIterator<Item = Attr>) -> Node {
        self.attrs.extend(attrs);
        self
    }

    pub(crate) fn child(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    pub(crate) fn children(mut self, children: impl IntoIterator<Item = Node>) -> Node {
        self.children.extend(children);
        self
    }

    /// A `type="button"` button.
    pub(crate) fn button(label: &'static str) -> Node {
        Node::text("button", "", label).attr(Attr::Type(ControlType::Button))
    }

    pub(crate) fn on_click(mut self, action: Action) -> Node {
        self.action = Some(action);
        self
    }

    /// A checkbox, ticked or not.
    pub(crate) fn checkbox(checked: bool) -> Node {
        Node::new("input", "")
            .attr(Attr::Type(ControlType::Checkbox))
            .attrs(checked.then_some(Attr::Checked))
    }

    /// `<label class="check">` around `checkbox` and its `label`.
    pub(crate) fn check_label(label: &'static str, checkbox: Node) -> Node {
        Node::new("label", "check")
            .child(checkbox)
            .child(Node::text("span", "", label))
    }

    /// A `<select>` of `(value, label)` options with `selected` chosen.
    pub(crate) fn select(options: &[(&'static str, &'static str)], selected: &str) -> Node {
        Node::new("select", "").children(options.iter().map(|&(value, label)| {
            Node::text("option", "", label)
                .attr(Attr::Value(value))
                .attrs((value == selected).then_some(Attr::Selected))
        }))
    }

    /// The read-only preview of a text the page writes out (a report, a summary), `rows` tall,
    /// found by its `data-section`.
    pub(crate) fn preview(section: &'static str, rows: &'static str) -> Node {
        Node::new("textarea", "")
            .attr(Attr::ReadOnly)
            .attr(Attr::Rows(rows))
            .attr(Attr::DataSection(section))
            .attr(Attr::NoSpellcheck)
    }

    /// `<div class="field"><label for=id>label</label>control</div>`, `control` given the id.
    pub(crate) fn field(id: impl Into<String>, label: impl Into<String>, control: Node) -> Node {
        let id = id.into();
        Node::new("div", "field")
            .child(Node::text("label", "", label).attr(Attr::For(id.clone())))
            .child(control.attr(Attr::Id(id)))
    }

    /// This node and its descendants, depth first, in document order.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }

    /// The text a browser would show: every descendant's text content, in order.
    pub fn all_text(&self) -> String {
        self.walk()
            .iter()
            .filter_map(|n| n.text.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn attr_value(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.name() == name).map(Attr::value)
    }

    /// The first node of this tree with `name="value"`.
    pub fn find(&self, name: &str, value: &str) -> Option<&Node> {
        self.walk().into_iter().find(|n| n.attr_value(name) == Some(value))
    }
}

/// A whole extension page: `<html lang>`, `<title>` when it sets one, and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub lang: Lang,
    pub title: Option<&'static str>,
    pub body: Vec<Node>,
}

impl Page {
    /// Every node of the page, in document order.
    pub fn nodes(&self) -> Vec<&Node> {
        self.body.iter().flat_map(Node::walk).collect()
    }

    /// The first node of the page with `name="value"`.
    pub fn find(&self, name: &str, value: &str) -> Option<&Node> {
        self.body.iter().find_map(|n| n.find(name, value))
    }
}

#[cfg(test)]
impl Page {
    /// What every page's tests check: ids are unique, and each field's label names a control.
    pub(crate) fn assert_labels_name_controls(&self) {
        let ids: Vec<&str> = self.nodes().into_iter().filter_map(|n| n.attr_value("id")).collect();
        for id in &ids {
            assert_eq!(ids.iter().filter(|other| other == &id).count(), 1, "one #{id}");
        }
        let fields = self
            .nodes()
            .into_iter()
            .filter(|n| n.tag == "label" && n.class != "check");
        for label in fields {
            let target = label.attr_value("for").expect("a field's label names its control");
            assert!(ids.contains(&target), "label for #{target}");
        }
    }
}
